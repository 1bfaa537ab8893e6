// The admin permission set(s) cover every custom object, every custom field that can take field
// permissions, every custom metadata type and every custom tab.
import { problemCollector, rootOf } from '../rule.mjs';
import { list, text } from '../xml-document.mjs';

/** @type {import('../rule.mjs').Rule} */
export default {
  id: 'field-level-security',
  description: 'the admin permission set grants every custom object, field, metadata type and tab',
  check({ index, options }) {
    const { problems, report } = problemCollector('field-level-security');
    for (const permissionSetName of options.adminPermissionSets) {
      const file = index.permissionSets.get(permissionSetName);
      if (!file) {
        report(
          'permissionsets',
          permissionSetName,
          `admin permission set ${permissionSetName}.permissionset-meta.xml is missing`,
        );
        continue;
      }
      const root = rootOf(file);
      if (!root) continue;
      const fields = new Set(
        list(root.fieldPermissions).map((g) => (text(g.field) ?? '').toLowerCase()),
      );
      const objects = new Set(
        list(root.objectPermissions).map((g) => (text(g.object) ?? '').toLowerCase()),
      );
      const metadataTypes = new Set(
        list(root.customMetadataTypeAccesses)
          .filter((a) => text(a.enabled) === 'true')
          .map((a) => (text(a.name) ?? '').toLowerCase()),
      );
      const tabs = new Set(
        list(root.tabSettings)
          .filter((t) => text(t.visibility) !== 'None')
          .map((t) => text(t.tab) ?? ''),
      );

      for (const object of [...index.objects.values()].sort((a, b) =>
        a.name.localeCompare(b.name),
      )) {
        if (object.kind === 'custom' && object.known && !objects.has(object.name.toLowerCase())) {
          report(
            file,
            `objectPermissions[${object.name}]`,
            `${permissionSetName} grants nothing on ${object.name}`,
          );
        }
        if (
          object.kind === 'metadata' &&
          object.known &&
          !metadataTypes.has(object.name.toLowerCase())
        ) {
          report(
            file,
            `customMetadataTypeAccesses[${object.name}]`,
            `${permissionSetName} does not enable ${object.name}`,
          );
        }
        if (object.kind === 'metadata' || object.kind === 'event') continue;
        for (const field of [...object.fields.values()].sort((a, b) =>
          a.name.localeCompare(b.name),
        )) {
          if (!field.custom || field.required) continue;
          const ref = `${object.name}.${field.name}`;
          if (!fields.has(ref.toLowerCase())) {
            report(
              file,
              `fieldPermissions[${ref}]`,
              `${permissionSetName} has no field permission for ${ref}`,
            );
          }
        }
      }
      for (const tab of [...index.tabs.keys()].sort()) {
        if (!tabs.has(tab))
          report(
            file,
            `tabSettings[${tab}]`,
            `${permissionSetName} does not make tab ${tab} visible or available`,
          );
      }
    }
    return problems;
  },
};
