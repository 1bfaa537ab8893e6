import { createElement } from 'lwc';
import OktaConfigList from 'c/oktaConfigList';

async function flushPromises() {
    for (let i = 0; i < 3; i += 1) {
        // eslint-disable-next-line no-await-in-loop
        await Promise.resolve();
    }
}

const lines = [
    {
        key: 'rule-1',
        itemClass: 'slds-item rule-item',
        paragraphs: [
            {
                key: 'name',
                cls: 'rule-name',
                segments: [{ key: 'name', text: 'Deal Desk from Opportunity owners' }],
            },
            {
                key: 'sentence',
                cls: 'rule-sentence',
                segments: [
                    {
                        key: 'sentence',
                        text: 'Owners of an Opportunity where Stage equals Negotiation → member of Okta group Deal Desk',
                    },
                ],
            },
        ],
        problemItems: [],
        editText: 'Edit the rule Deal Desk from Opportunity owners',
        removeText: 'Remove the rule Deal Desk from Opportunity owners',
    },
    {
        key: 'rule-2',
        itemClass: 'slds-item rule-item',
        paragraphs: [
            { key: 'name', cls: 'rule-name', segments: [{ key: 'name', text: 'New rule' }] },
        ],
        problemItems: [{ key: 'p1', text: 'Choose the Okta group.' }],
        editText: 'Edit the rule New rule',
        removeText: 'Remove the rule New rule',
    },
];

function mount(props = {}) {
    const element = createElement('c-okta-config-list', { is: OktaConfigList });
    Object.assign(element, {
        kind: 'rule',
        heading: 'Access rules',
        description: 'Each rule reads as a sentence.',
        addLabel: 'Add rule',
        lines,
        ...props,
    });
    const events = [];
    for (const name of ['add', 'save', 'edit', 'remove']) {
        element.addEventListener(name, (event) => events.push({ name, detail: event.detail }));
    }
    document.body.appendChild(element);
    return { element, events, root: element.shadowRoot };
}

describe('c-okta-config-list', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
    });

    it('shows each line in its words with its problems, and says which line is edited or removed', async () => {
        const { element, root, events } = mount({
            problemSummary: '1 problem to fix before saving.',
        });
        await flushPromises();

        expect(root.querySelector('ul.rule-list').getAttribute('aria-label')).toBe('Access rules');
        expect([...root.querySelectorAll('.rule-name')].map((p) => p.textContent)).toEqual([
            'Deal Desk from Opportunity owners',
            'New rule',
        ]);
        expect(root.querySelectorAll('.rule-problems li')).toHaveLength(1);
        expect(root.querySelector('.problem-summary').textContent.trim()).toBe(
            '1 problem to fix before saving.',
        );
        root.querySelectorAll('lightning-button-icon.edit')[1].click();
        root.querySelectorAll('lightning-button-icon.remove')[0].click();
        root.querySelector('lightning-button.add-row').click();
        root.querySelector('lightning-button.save').click();
        expect(events).toEqual([
            { name: 'edit', detail: { key: 'rule-2' } },
            { name: 'remove', detail: { key: 'rule-1' } },
            { name: 'add', detail: null },
            { name: 'save', detail: null },
        ]);
        await expect(element).toBeAccessible();
    });

    it('shows only the error panel when the records cannot be loaded', async () => {
        const { element, root } = mount({
            loadError: { body: { message: 'No access.' } },
            loadErrorMessage: 'The access rules could not be loaded.',
        });
        await flushPromises();

        expect(root.querySelector('c-error-panel').friendlyMessage).toBe(
            'The access rules could not be loaded.',
        );
        expect(root.querySelector('ul.rule-list')).toBeNull();
        expect(root.querySelector('lightning-button.save')).toBeNull();
        await expect(element).toBeAccessible();
    });

    it('moves focus back to the Edit button of a line, or to Add for a new one', async () => {
        const { element, root } = mount();
        await flushPromises();
        const edit = root.querySelectorAll('lightning-button-icon.edit')[1];
        const add = root.querySelector('lightning-button.add-row');
        edit.focus = jest.fn();
        add.focus = jest.fn();

        element.focusLine('rule-2');
        element.focusLine(undefined);

        expect(edit.focus).toHaveBeenCalledTimes(1);
        expect(add.focus).toHaveBeenCalledTimes(1);
    });
});
