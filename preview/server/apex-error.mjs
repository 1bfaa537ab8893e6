/** An AuraHandledException: its message is what the component shows. */
export class AuraHandledError extends Error {
  constructor(/** @type {string} */ message) {
    super(message);
    this.name = 'AuraHandledError';
  }
}
