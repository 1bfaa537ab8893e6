import { SHOW_TOAST_EVENT_NAME } from './platform/show-toast-event';

const ICON_SPRITE = '/assets/icons/utility-sprite/svg/symbols.svg';
const VARIANTS = ['info', 'success', 'warning', 'error'];
/** How long a dismissible toast stays; error toasts and sticky ones stay until closed. */
const DISMISS_AFTER_MS = 6000;

function svgIcon(name, className) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('class', className);
  svg.setAttribute('aria-hidden', 'true');
  const use = document.createElementNS('http://www.w3.org/2000/svg', 'use');
  use.setAttribute('href', `${ICON_SPRITE}#${name}`);
  svg.append(use);
  return svg;
}

/** The message with `{0}`, `{1}`… replaced by the labels of messageData. */
function messageNodes(message, messageData) {
  if (!Array.isArray(messageData) || messageData.length === 0) {
    return [String(message ?? '')];
  }
  return String(message ?? '')
    .split(/(\{\d+\})/)
    .map((part) => {
      const match = /^\{(\d+)\}$/.exec(part);
      const data = match ? messageData[Number(match[1])] : undefined;
      if (data === undefined) {
        return part;
      }
      if (typeof data === 'object' && data?.url) {
        const link = document.createElement('a');
        link.href = data.url;
        link.textContent = data.label ?? data.url;
        return link;
      }
      return typeof data === 'object' ? String(data?.label ?? '') : String(data);
    });
}

function toastElement(toast, onClose) {
  const variant = VARIANTS.includes(toast.variant) ? toast.variant : 'info';
  const node = document.createElement('div');
  node.className = `slds-notify slds-notify_toast slds-theme_${variant}`;
  node.setAttribute('role', variant === 'error' ? 'alert' : 'status');
  node.dataset.variant = variant;

  const assistive = document.createElement('span');
  assistive.className = 'slds-assistive-text';
  assistive.textContent = variant;
  const icon = document.createElement('span');
  icon.className = `slds-icon_container slds-icon-utility-${variant} slds-m-right_small slds-no-flex slds-align-top`;
  icon.append(svgIcon(variant, 'slds-icon slds-icon_small'));

  const content = document.createElement('div');
  content.className = 'slds-notify__content';
  const title = document.createElement('h2');
  title.className = 'slds-text-heading_small';
  title.textContent = toast.title ?? '';
  content.append(title);
  if (toast.message) {
    const message = document.createElement('p');
    message.append(...messageNodes(toast.message, toast.messageData));
    content.append(message);
  }

  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'slds-button slds-button_icon slds-button_icon-inverse';
  close.title = 'Close';
  close.append(svgIcon('close', 'slds-button__icon slds-button__icon_large'));
  const closeText = document.createElement('span');
  closeText.className = 'slds-assistive-text';
  closeText.textContent = 'Close';
  close.append(closeText);
  close.addEventListener('click', onClose);
  const closeBox = document.createElement('div');
  closeBox.className = 'slds-notify__close';
  closeBox.append(close);

  node.append(assistive, icon, content, closeBox);
  return node;
}

/** Shows the toasts components ask for (ShowToastEvent) in an SLDS toast container. */
export function installToastContainer() {
  const container = document.createElement('div');
  container.className = 'slds-notify_container preview-toasts';
  document.body.append(container);
  window.addEventListener(SHOW_TOAST_EVENT_NAME, (event) => {
    const toast = event.detail ?? {};
    const node = toastElement(toast, () => node.remove());
    container.append(node);
    const sticky =
      toast.mode === 'sticky' || (toast.variant === 'error' && toast.mode !== 'pester');
    if (!sticky) {
      setTimeout(() => node.remove(), toast.mode === 'pester' ? 3000 : DISMISS_AFTER_MS);
    }
  });
}
