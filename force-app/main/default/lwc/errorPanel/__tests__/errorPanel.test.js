import { createElement } from 'lwc';
import ErrorPanel from 'c/errorPanel';

function mount(props) {
    const element = createElement('c-error-panel', { is: ErrorPanel });
    Object.assign(element, props);
    document.body.appendChild(element);
    return element;
}

describe('c-error-panel', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
    });

    it('shows the friendly message and hides details until asked', async () => {
        const element = mount({
            friendlyMessage: 'Could not load the Okta status.',
            errors: { body: { message: 'The companion is unreachable.' } },
        });
        await Promise.resolve();
        expect(element.shadowRoot.querySelector('.friendly-message').textContent).toBe(
            'Could not load the Okta status.',
        );
        expect(element.shadowRoot.querySelector('.details')).toBeNull();
        await expect(element).toBeAccessible();

        element.shadowRoot.querySelector('lightning-button.toggle').click();
        await Promise.resolve();
        const items = [...element.shadowRoot.querySelectorAll('.details li')];
        expect(items.map((li) => li.textContent)).toEqual(['The companion is unreachable.']);
        await expect(element).toBeAccessible();
    });

    it('offers no details toggle when there is nothing to show', async () => {
        const element = mount({ errors: undefined });
        await Promise.resolve();
        expect(element.shadowRoot.querySelector('lightning-button.toggle')).toBeNull();
        await expect(element).toBeAccessible();
    });
});
