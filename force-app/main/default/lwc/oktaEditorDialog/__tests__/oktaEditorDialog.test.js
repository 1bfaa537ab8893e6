import { createElement } from 'lwc';
import OktaEditorDialog from 'c/oktaEditorDialog';

async function flushPromises() {
    for (let i = 0; i < 3; i += 1) {
        // eslint-disable-next-line no-await-in-loop
        await Promise.resolve();
    }
}

function mount(props = {}) {
    const element = createElement('c-okta-editor-dialog', { is: OktaEditorDialog });
    Object.assign(element, {
        heading: 'New mapping',
        sentence: 'Okta Title → Contact Title · trimmed · Okta to Salesforce',
        ...props,
    });
    const events = [];
    for (const name of ['done', 'cancel']) {
        element.addEventListener(name, () => events.push(name));
    }
    document.body.appendChild(element);
    return { element, events, root: element.shadowRoot };
}

describe('c-okta-editor-dialog', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
    });

    it('is a modal dialog named by its heading, reading the draft as a sentence', async () => {
        const { element, root } = mount();
        await flushPromises();

        const dialog = root.querySelector('section[role="dialog"]');
        expect(dialog.getAttribute('aria-modal')).toBe('true');
        expect(root.querySelector('h1').textContent.trim()).toBe('New mapping');
        expect(root.querySelector('.sentence').textContent).toBe(
            'Okta Title → Contact Title · trimmed · Okta to Salesforce',
        );
        expect(root.querySelector('.problems')).toBeNull();
        await expect(element).toBeAccessible();
    });

    it('lists the problems to fix before saving', async () => {
        const { element, root } = mount({
            problems: ['Choose the Salesforce field.', 'Choose the Okta attribute.'],
        });
        await flushPromises();

        expect([...root.querySelectorAll('.problems li')].map((li) => li.textContent)).toEqual([
            'Choose the Salesforce field.',
            'Choose the Okta attribute.',
        ]);
        await expect(element).toBeAccessible();
    });

    it('says done, cancel, and cancel on Escape', async () => {
        const { root, events } = mount();
        await flushPromises();

        root.querySelector('lightning-button.done').click();
        root.querySelector('lightning-button.cancel').click();
        root.querySelector('section').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
        root.querySelector('section').dispatchEvent(
            new KeyboardEvent('keydown', { key: 'Escape' }),
        );

        expect(events).toEqual(['done', 'cancel', 'cancel']);
    });
});
