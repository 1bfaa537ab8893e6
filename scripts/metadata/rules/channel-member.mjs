// Change Data Capture selections: each names an existing object's change event, and the
// project stays within the default allocation of selected entities.
import { problemCollector, rootOf } from '../rule.mjs';
import { elementLine, text } from '../xml-document.mjs';
import { knownObject, unknownObjectMessage } from '../schema-lookup.mjs';
import { LIMITS } from '../metadata-vocabulary.mjs';

/**
 * The object a change event stands for: AccountChangeEvent → Account, My__ChangeEvent → My__c.
 * @param {string} entity
 */
export function objectOfChangeEvent(entity) {
  if (entity.endsWith('__ChangeEvent')) return `${entity.slice(0, -'__ChangeEvent'.length)}__c`;
  return entity.slice(0, -'ChangeEvent'.length);
}

/** @type {import('../rule.mjs').Rule} */
export default {
  id: 'channel-member',
  description: 'CDC channel members select existing objects, at most the default allocation',
  check({ index }) {
    const { problems, report } = problemCollector('channel-member');
    const selected = new Map();
    for (const file of index.channelMembers) {
      const root = rootOf(file);
      if (!root) continue;
      const base = file.name.replace(/\.platformEventChannelMember-meta\.xml$/, '');
      const channel = text(root.eventChannel);
      const entity = text(root.selectedEntity);
      if (!channel)
        report(file, 'eventChannel', 'required (ChangeEvents or a custom Name__chn channel)');
      else if (channel !== 'ChangeEvents' && !/__chn$/.test(channel)) {
        report(
          file,
          'eventChannel',
          `${channel} is neither ChangeEvents nor a custom channel (…__chn)`,
          elementLine(file.text, 'eventChannel'),
        );
      }
      if (!entity) {
        report(file, 'selectedEntity', 'required');
        continue;
      }
      const line = elementLine(file.text, 'selectedEntity');
      if (!entity.endsWith('ChangeEvent') || entity === 'ChangeEvent') {
        report(
          file,
          'selectedEntity',
          `${entity} is not a change event name (<Object>ChangeEvent)`,
          line,
        );
        continue;
      }
      const objectName = objectOfChangeEvent(entity);
      const object = knownObject(index, objectName);
      if (!object) report(file, 'selectedEntity', unknownObjectMessage(index, objectName), line);
      else if (object.kind === 'metadata' || object.kind === 'event') {
        report(
          file,
          'selectedEntity',
          `${objectName} cannot be selected for Change Data Capture`,
          line,
        );
      }
      if (channel) {
        const expected = `${channel.replace(/__chn$/, '_chn')}_${entity}`;
        if (base !== expected)
          report(
            file,
            'fullName',
            `file must be named ${expected}.platformEventChannelMember-meta.xml`,
          );
      }
      if (!selected.has(entity)) selected.set(entity, file);
    }
    if (selected.size > LIMITS.changeDataCaptureEntities) {
      const last = [...selected.values()].pop();
      report(
        last,
        'selectedEntity',
        `${selected.size} entities are selected for Change Data Capture (${[...selected.keys()].join(', ')}); the default allocation is ${LIMITS.changeDataCaptureEntities}`,
      );
    }
    return problems;
  },
};
