import { createElement } from 'lwc';
import OktaMappingForm from 'c/oktaMappingForm';

const objectInfoResults = require('../../oktaMappingEditor/__tests__/data/getObjectInfos.json');
const {
    attributes,
} = require('../../oktaMappingEditor/__tests__/data/getOktaProfileAttributes.json');

const objectInfos = Object.fromEntries(
    objectInfoResults.results.map((entry) => [entry.result.apiName, entry.result]),
);

async function flushPromises() {
    for (let i = 0; i < 5; i += 1) {
        // eslint-disable-next-line no-await-in-loop
        await Promise.resolve();
    }
}

/** The shadow root of the dialog around the form (c-okta-editor-dialog). */
const dialog = (root) => root.querySelector('c-okta-editor-dialog').shadowRoot;

function mount(mapping, props = {}) {
    const element = createElement('c-okta-mapping-form', { is: OktaMappingForm });
    Object.assign(element, { objectInfos, oktaAttributes: attributes, mapping, ...props });
    const events = [];
    for (const name of ['draftchange', 'done', 'cancel']) {
        element.addEventListener(name, (event) => events.push({ name, detail: event.detail }));
    }
    document.body.appendChild(element);
    return { element, events, root: element.shadowRoot };
}

const combobox = (root, cls) => root.querySelector(`lightning-combobox.${cls}`);
const labels = (box) => box.options.map((o) => o.label);

async function pick(root, cls, value) {
    combobox(root, cls).dispatchEvent(new CustomEvent('change', { detail: { value } }));
    await flushPromises();
}

const email = {
    developerName: 'Contact_Email',
    direction: 'OKTA_TO_SALESFORCE',
    salesforceObject: 'Contact',
    salesforceField: 'Email',
    oktaAttribute: 'profile.email',
    transform: 'LOWER',
    isMatchKey: true,
    matchPriority: 2,
    active: true,
};

describe('c-okta-mapping-form', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
    });

    it('is a dialog reading the mapping in words, with pickers labelled from describe and the profile schema', async () => {
        const { element, root } = mount(email, {
            heading: 'Edit the mapping of Okta Primary email',
        });
        await flushPromises();

        const section = dialog(root).querySelector('section[role="dialog"]');
        expect(section.getAttribute('aria-modal')).toBe('true');
        expect(dialog(root).querySelector('h1').textContent).toBe(
            'Edit the mapping of Okta Primary email',
        );
        expect(dialog(root).querySelector('.sentence').textContent).toBe(
            'Okta Primary email → Contact Email · lower-case · match key 2 · Okta to Salesforce',
        );
        // Only the fields Okta can write to a Contact: Full Name (read-only) is not offered.
        expect(labels(combobox(root, 'salesforce-field'))).toEqual([
            'Birthdate (Birthdate) · Date',
            'Department (Department) · String',
            'Email (Email) · Email',
            'Okta User Id (Okta_User_Id__c) · String',
            'Title (Title) · String',
        ]);
        expect(labels(combobox(root, 'okta-attribute'))).toEqual([
            'Okta user id (id)',
            'Okta status (status)',
            'Primary email (profile.email)',
            'Title (profile.title)',
            'Organization (profile.organization)',
            'Birth date (profile.birthdate) · custom',
            'Sales territory (profile.territory) · custom',
        ]);
        expect(labels(combobox(root, 'transform'))).toContain('Lower-case');
        expect(root.querySelector('.transform-explanation').textContent).toBe(
            'Writes the value in lower case: Ada@Example.com becomes ada@example.com.',
        );
        expect(root.querySelector('lightning-input.transform-argument')).toBeNull();
        expect(combobox(root, 'source-of-truth')).toBeNull();
        await expect(element).toBeAccessible();
    });

    it('lists every field and no read-only Okta attribute when Salesforce writes Okta', async () => {
        const { root, events } = mount(email);
        await pick(root, 'direction', 'SALESFORCE_TO_OKTA');

        expect(labels(combobox(root, 'salesforce-field'))).toContain('Full Name (Name) · String');
        expect(labels(combobox(root, 'okta-attribute'))).not.toContain('Okta user id (id)');
        expect(events.at(-1)).toEqual({
            name: 'draftchange',
            detail: expect.objectContaining({ direction: 'SALESFORCE_TO_OKTA' }),
        });
    });

    it('asks which side wins for a two-way mapping, and for the argument of a transform that takes one', async () => {
        const { element, root, events } = mount(email, {
            problems: ['A mapping that syncs both ways needs a source of truth.'],
        });
        await pick(root, 'direction', 'BOTH');
        expect(labels(combobox(root, 'source-of-truth'))).toEqual(['Okta wins', 'Salesforce wins']);
        await pick(root, 'source-of-truth', 'SALESFORCE');
        await pick(root, 'transform', 'PHONE_E164');

        const argument = root.querySelector('lightning-input.transform-argument');
        expect(argument.label).toBe('Default region (ISO country code, blank for US)');
        argument.dispatchEvent(new CustomEvent('change', { detail: { value: 'GB' } }));
        await flushPromises();

        expect(dialog(root).querySelector('.sentence').textContent).toBe(
            'Okta Primary email → Contact Email · as an international phone number (default region GB) · match key 2 · both ways, Salesforce wins',
        );
        expect(dialog(root).querySelector('.problems li').textContent).toBe(
            'A mapping that syncs both ways needs a source of truth.',
        );
        expect(events.at(-1).detail).toEqual(
            expect.objectContaining({
                direction: 'BOTH',
                sourceOfTruth: 'SALESFORCE',
                transform: 'PHONE_E164',
                transformArgument: 'GB',
            }),
        );
        await expect(element).toBeAccessible();
    });

    it('clears the field when the object changes, and reports an unreadable profile schema', async () => {
        const { element, root, events } = mount(email, {
            attributeError: 'The Okta profile attributes could not be read: Okta is unavailable.',
        });
        await pick(root, 'salesforce-object', 'Account');

        expect(events.at(-1).detail).toEqual(
            expect.objectContaining({ salesforceObject: 'Account', salesforceField: '' }),
        );
        expect(labels(combobox(root, 'salesforce-field'))).toEqual([
            'Account Name (Name) · String',
        ]);
        expect(root.querySelector('.attribute-error').textContent).toBe(
            'The Okta profile attributes could not be read: Okta is unavailable.',
        );
        await expect(element).toBeAccessible();
    });

    it('offers Lead as an object, with only the Lead fields Okta can write', async () => {
        const { element, root, events } = mount(email);
        expect(combobox(root, 'salesforce-object').options.map((o) => o.value)).toEqual([
            'Contact',
            'Account',
            'Lead',
        ]);
        await pick(root, 'salesforce-object', 'Lead');

        expect(events.at(-1).detail).toEqual(
            expect.objectContaining({ salesforceObject: 'Lead', salesforceField: '' }),
        );
        expect(labels(combobox(root, 'salesforce-field'))).toEqual([
            'Company (Company) · String',
            'Last Name (LastName) · String',
        ]);
        await expect(element).toBeAccessible();
    });

    it('hands back the draft on Done and closes on Cancel or Escape', async () => {
        const { root, events } = mount(email);
        root.querySelector('lightning-input.match-key').dispatchEvent(
            new CustomEvent('change', { detail: { checked: false } }),
        );
        await flushPromises();
        dialog(root).querySelector('lightning-button.done').click();
        dialog(root).querySelector('lightning-button.cancel').click();
        dialog(root)
            .querySelector('section')
            .dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));

        expect(events.filter((e) => e.name !== 'draftchange')).toEqual([
            {
                name: 'done',
                detail: expect.objectContaining({ isMatchKey: false, salesforceField: 'Email' }),
            },
            { name: 'cancel', detail: null },
            { name: 'cancel', detail: null },
        ]);
    });
});
