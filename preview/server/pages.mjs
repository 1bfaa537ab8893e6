/**
 * The preview's HTML pages, laid out like Lightning pages: the app's navigation bar, an SLDS
 * page header with the record's highlights, and a two-column body with the record details in
 * the main region and the component in the sidebar. Components mount where a
 * `data-component` element stands.
 */

/** @param {unknown} value */
export function escapeHtml(value) {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const NAV_ITEMS = [
  { page: 'setup', href: '/setup', label: 'Okta Sync Setup' },
  { page: 'contact', href: '/contact', label: 'Contacts' },
  { page: 'case', href: '/case', label: 'Cases' },
];

/** @param {string} name @param {string} className @param {'standard' | 'utility'} [sprite] */
function icon(name, className, sprite = 'standard') {
  return `<svg class="${className}" aria-hidden="true"><use href="/assets/icons/${sprite}-sprite/svg/symbols.svg#${name}"></use></svg>`;
}

/** @param {string | undefined} active */
function contextBar(active) {
  const items = NAV_ITEMS.map((item) => {
    const current = item.page === active;
    return `<li class="slds-context-bar__item${current ? ' slds-is-active' : ''}">
          <a href="${item.href}" class="slds-context-bar__label-action"${current ? ' aria-current="page"' : ''}>
            <span class="slds-truncate">${escapeHtml(item.label)}</span>
          </a>
        </li>`;
  }).join('');
  return `<header class="preview-global-header">
    <div class="slds-context-bar">
      <div class="slds-context-bar__primary">
        <div class="slds-context-bar__item slds-no-hover">
          <a href="/" class="slds-context-bar__label-action slds-context-bar__app-name">
            <span class="slds-truncate">Okta Sync</span>
          </a>
        </div>
      </div>
      <nav class="slds-context-bar__secondary" aria-label="Okta Sync">
        <ul class="slds-grid">${items}</ul>
      </nav>
      <div class="slds-context-bar__tertiary slds-col_bump-left preview-badge">
        <span class="slds-badge slds-badge_lightest">Local preview · sandbox data</span>
      </div>
    </div>
  </header>`;
}

/**
 * @param {{ title: string, page?: string, userId?: string, body: string, record?: { id: string, objectApiName: string } }} input
 */
export function layout(input) {
  const recordAttributes = input.record
    ? ` data-record-id="${escapeHtml(input.record.id)}" data-object-api-name="${escapeHtml(input.record.objectApiName)}"`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(input.title)} | Okta Sync preview</title>
  ${input.userId ? `<meta name="preview-user-id" content="${escapeHtml(input.userId)}">` : ''}
  <link rel="stylesheet" href="/assets/styles/salesforce-lightning-design-system.min.css">
  <link rel="stylesheet" href="/preview.css">
  <script type="module" src="/preview.js"></script>
</head>
<body data-page="${escapeHtml(input.page ?? 'home')}"${recordAttributes}>
  ${contextBar(input.page)}
  <main class="preview-main">
${input.body}
  </main>
</body>
</html>
`;
}

/**
 * @typedef {{ label: string, value: unknown }} FieldView
 * @typedef {{ id: string, label: string }} PickerOption
 * @typedef {{
 *   page: string, objectLabel: string, objectApiName: string, icon: string, title: string,
 *   recordId: string, highlights: FieldView[], details: FieldView[], component: string,
 *   picker: PickerOption[], userId: string,
 * }} RecordPageView
 */

/** @param {FieldView} field */
function detailItem(field) {
  const value =
    field.value === null || field.value === undefined || field.value === '' ? '' : field.value;
  return `<div class="slds-form__item" role="listitem">
          <div class="slds-form-element slds-form-element_readonly slds-form-element_stacked">
            <span class="slds-form-element__label">${escapeHtml(field.label)}</span>
            <div class="slds-form-element__control"><div class="slds-form-element__static">${escapeHtml(value)}</div></div>
          </div>
        </div>`;
}

/** @param {RecordPageView} view */
export function recordPage(view) {
  const highlights = view.highlights
    .map(
      (field) => `<li class="slds-page-header__detail-block">
            <div class="slds-text-title slds-truncate">${escapeHtml(field.label)}</div>
            <div class="slds-truncate">${escapeHtml(field.value ?? '')}</div>
          </li>`,
    )
    .join('');
  /** @type {string[]} */
  const rows = [];
  for (let i = 0; i < view.details.length; i += 2) {
    const pair = view.details.slice(i, i + 2);
    rows.push(
      `<div class="slds-form__row">${pair.map((field) => detailItem(field)).join('')}</div>`,
    );
  }
  const options = view.picker
    .map(
      (option) =>
        `<option value="${escapeHtml(option.id)}"${option.id === view.recordId ? ' selected' : ''}>${escapeHtml(option.label)}</option>`,
    )
    .join('');
  const body = `    <div class="slds-page-header slds-page-header_record-home">
      <div class="slds-page-header__row">
        <div class="slds-page-header__col-title">
          <div class="slds-media">
            <div class="slds-media__figure">
              <span class="slds-icon_container slds-icon-standard-${escapeHtml(view.icon)}">${icon(view.icon, 'slds-icon slds-page-header__icon')}</span>
            </div>
            <div class="slds-media__body">
              <div class="slds-page-header__name">
                <div class="slds-page-header__name-title">
                  <h1>
                    <span>${escapeHtml(view.objectLabel)}</span>
                    <span class="slds-page-header__title slds-truncate record-title">${escapeHtml(view.title)}</span>
                  </h1>
                </div>
              </div>
            </div>
          </div>
        </div>
        <div class="slds-page-header__col-actions">
          <form method="get" action="/${escapeHtml(view.page)}" class="preview-record-picker">
            <div class="slds-form-element">
              <label class="slds-form-element__label" for="record-picker">Open another ${escapeHtml(view.objectLabel.toLowerCase())}</label>
              <div class="slds-form-element__control">
                <div class="slds-select_container">
                  <select class="slds-select" id="record-picker" name="id">${options}</select>
                </div>
              </div>
            </div>
            <button type="submit" class="slds-button slds-button_neutral">Open</button>
          </form>
        </div>
      </div>
      <div class="slds-page-header__row slds-page-header__row_gutters">
        <div class="slds-page-header__col-details">
          <ul class="slds-page-header__detail-row">${highlights}</ul>
        </div>
      </div>
    </div>
    <div class="slds-grid slds-wrap slds-gutters_small preview-columns">
      <div class="slds-col slds-size_1-of-1 slds-large-size_7-of-12">
        <article class="slds-card" aria-labelledby="details-heading">
          <div class="slds-card__header slds-grid">
            <header class="slds-media slds-media_center slds-has-flexi-truncate">
              <div class="slds-media__body">
                <h2 class="slds-card__header-title" id="details-heading">Details</h2>
              </div>
            </header>
          </div>
          <div class="slds-card__body slds-card__body_inner">
            <div class="slds-form" role="list">${rows.join('')}</div>
          </div>
        </article>
      </div>
      <aside class="slds-col slds-size_1-of-1 slds-large-size_5-of-12" aria-label="Okta">
        <div data-component="${escapeHtml(view.component)}" data-record-id="${escapeHtml(view.recordId)}" data-object-api-name="${escapeHtml(view.objectApiName)}"></div>
      </aside>
    </div>`;
  return layout({
    title: `${view.title} · ${view.objectLabel}`,
    page: view.page,
    userId: view.userId,
    record: { id: view.recordId, objectApiName: view.objectApiName },
    body,
  });
}

/** @param {{ userId: string }} input */
export function setupPage(input) {
  // An app page: the component is the page, as App Builder lays out a one-region page.
  const body = `    <h1 class="slds-assistive-text">Okta Sync Setup</h1>
    <div data-component="c-okta-sync-setup"></div>`;
  return layout({ title: 'Okta Sync Setup', page: 'setup', userId: input.userId, body });
}

/** @param {{ contactHref: string, caseHref: string, userId?: string }} input */
export function homePage(input) {
  const card = (
    /** @type {string} */ href,
    /** @type {string} */ iconName,
    /** @type {string} */ title,
    /** @type {string} */ text,
  ) => `
        <li class="slds-col slds-size_1-of-1 slds-medium-size_1-of-3">
          <article class="slds-card">
            <div class="slds-card__header slds-grid">
              <header class="slds-media slds-media_center slds-has-flexi-truncate">
                <div class="slds-media__figure">
                  <span class="slds-icon_container slds-icon-standard-${iconName.replace('_', '-')}">${icon(iconName, 'slds-icon slds-icon_small')}</span>
                </div>
                <div class="slds-media__body">
                  <h2 class="slds-card__header-title"><a href="${escapeHtml(href)}" class="slds-card__header-link">${escapeHtml(title)}</a></h2>
                </div>
              </header>
            </div>
            <div class="slds-card__body slds-card__body_inner"><p>${escapeHtml(text)}</p></div>
          </article>
        </li>`;
  const body = `    <div class="slds-page-header">
      <div class="slds-page-header__row">
        <div class="slds-page-header__col-title">
          <h1 class="slds-page-header__title">Okta Sync: local Lightning preview</h1>
          <p class="slds-page-header__name-meta">The product's Lightning components, rendered from force-app, on the sandbox's emulated Okta and Salesforce orgs.</p>
        </div>
      </div>
    </div>
    <ul class="slds-grid slds-wrap slds-gutters_small preview-columns">
      ${card('/setup', 'connected_apps', 'Okta Sync Setup', 'The app page for Sales Ops: field mappings with a live preview, access rules, settings, health, reconciliation, audit export.')}
      ${card(input.contactHref, 'contact', 'Contact record page', 'The Okta Sync panel: link status, last sync, last error, the sync timeline and “Resync now”.')}
      ${card(input.caseHref, 'case', 'Case record page', 'The Okta account panel for agents: live status, unlock, MFA reset, temporary group access tied to the Case.')}
    </ul>`;
  return layout({
    title: 'Home',
    page: 'home',
    ...(input.userId ? { userId: input.userId } : {}),
    body,
  });
}

/** @param {{ title: string, message: string, page?: string }} input */
export function problemPage(input) {
  const body = `    <div class="slds-page-header"><h1 class="slds-page-header__title">${escapeHtml(input.title)}</h1></div>
    <div class="preview-columns">
      <div class="slds-notify slds-notify_alert slds-alert_error" role="alert">
        <h2>${escapeHtml(input.message)}</h2>
      </div>
    </div>`;
  return layout({ title: input.title, ...(input.page ? { page: input.page } : {}), body });
}
