/**
 * Where the preview deploys Custom Metadata records (the Metadata API deployment of
 * OktaConfigDeployService): straight into an in-process sandbox, or over the emulated org's
 * sandbox admin endpoint when the sandbox runs in another process (`npm start`).
 *
 * @typedef {import('./config-deploy.mjs').MetadataDeployer} MetadataDeployer
 * @typedef {import('./config-deploy.mjs').CustomMetadataRecord} CustomMetadataRecord
 */

/** @param {{ deployCustomMetadata(record: CustomMetadataRecord): void }} salesforceEmulator @returns {MetadataDeployer} */
export function inProcessDeployer(salesforceEmulator) {
  return {
    async deploy(records) {
      for (const record of records) salesforceEmulator.deployCustomMetadata(record);
    },
  };
}

/**
 * POST <org>/__sandbox/custom-metadata `{ records }` with the sandbox admin header.
 * @param {{ url: string, adminSecret: string }} options
 * @returns {MetadataDeployer}
 */
export function sandboxAdminDeployer(options) {
  return {
    async deploy(records) {
      const response = await fetch(new URL('/__sandbox/custom-metadata', options.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sandbox-admin': options.adminSecret },
        body: JSON.stringify({ records }),
      });
      if (response.status === 404) {
        throw new Error(
          'This sandbox does not accept Custom Metadata deployments from another process. Run `npm run preview -- --sandbox` to save configuration in the preview.',
        );
      }
      if (!response.ok) {
        const body = /** @type {any} */ (await response.json().catch(() => ({})));
        throw new Error(
          `The sandbox refused the deployment: ${body.message ?? `HTTP ${response.status}`}`,
        );
      }
    },
  };
}
