/**
 * `lightning/confirm`: `LightningConfirm.open({ message, label, theme, variant })` shows an
 * SLDS prompt modal and resolves true when the user confirms, false when they cancel or press
 * Escape.
 */
let openCount = 0;

function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

function button(label, variant) {
  return element('button', { type: 'button', class: `slds-button slds-button_${variant}` }, [
    label,
  ]);
}

export default class LightningConfirm {
  static open(options = {}) {
    const id = `preview-confirm-${++openCount}`;
    const label = options.label || 'Confirm';
    const theme = options.theme && options.theme !== 'default' ? options.theme : undefined;
    const headerless = options.variant === 'headerless';
    const previousFocus = document.activeElement;

    const cancel = button('Cancel', 'neutral');
    const ok = button('OK', 'brand');
    const content = element(
      'div',
      { class: 'slds-modal__content slds-p-around_medium', id: `${id}-content` },
      [element('p', {}, [String(options.message ?? '')])],
    );
    const header = headerless
      ? element('h1', { id: `${id}-heading`, class: 'slds-assistive-text' }, [label])
      : element(
          'div',
          {
            class: `slds-modal__header${theme ? ` slds-theme_${theme} slds-theme_alert-texture` : ''}`,
          },
          [
            element('h1', { id: `${id}-heading`, class: 'slds-modal__title slds-hyphenate' }, [
              label,
            ]),
          ],
        );
    const dialog = element(
      'section',
      {
        role: 'alertdialog',
        tabindex: '-1',
        'aria-modal': 'true',
        'aria-labelledby': `${id}-heading`,
        'aria-describedby': `${id}-content`,
        class: 'slds-modal slds-fade-in-open slds-modal_prompt',
      },
      [
        element('div', { class: 'slds-modal__container' }, [
          header,
          content,
          element('div', { class: 'slds-modal__footer slds-theme_default' }, [cancel, ok]),
        ]),
      ],
    );
    const backdrop = element('div', {
      class: 'slds-backdrop slds-backdrop_open',
      role: 'presentation',
    });
    const root = element('div', { class: 'preview-confirm' }, [dialog, backdrop]);

    return new Promise((resolve) => {
      const close = (answer) => {
        root.remove();
        if (previousFocus && typeof previousFocus.focus === 'function') {
          previousFocus.focus();
        }
        resolve(answer);
      };
      cancel.addEventListener('click', () => close(false));
      ok.addEventListener('click', () => close(true));
      dialog.addEventListener('keydown', (event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          close(false);
        } else if (event.key === 'Tab') {
          // Focus stays inside the modal: the two buttons take turns.
          event.preventDefault();
          (document.activeElement === ok ? cancel : ok).focus();
        }
      });
      document.body.append(root);
      ok.focus();
    });
  }
}
