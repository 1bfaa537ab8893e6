/** `@salesforce/user/Id`: the Salesforce User the preview acts as (set by the preview server). */
const userId =
  document.querySelector('meta[name="preview-user-id"]')?.getAttribute('content') || null;

export default userId;
