import LightningConfirm from 'lightning/confirm';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { reduceErrors } from 'c/ldsUtils';

/**
 * What the field mapping and access rule editors do alike with their rows (custom metadata
 * records, camelCase as the Apex row types): each row carries a `key` for the page and `isNew`
 * until it is deployed.
 */

let nextKey = 0;

/** A key no other row of the page has. */
export function newRowKey(prefix) {
    nextKey += 1;
    return `${prefix}-${nextKey}`;
}

/** Rows read from Apex, keyed for the page. */
export function keyedRows(records, prefix) {
    return (records ?? []).map((record) => ({ ...record, key: newRowKey(prefix), isNew: false }));
}

/** UI API `getObjectInfos` results → object infos by object API name (failed entries left out). */
export function objectInfosByName(data) {
    const infos = {};
    for (const entry of data?.results ?? []) {
        if (entry.statusCode === 200 && entry.result) {
            infos[entry.result.apiName] = entry.result;
        }
    }
    return infos;
}

/** The rows with the dialog's draft put back: over the row of `key`, or added as a new row. */
export function withDraft(rows, key, draft, prefix) {
    return key
        ? rows.map((row) => (row.key === key ? { ...row, ...draft, key } : row))
        : [...rows, { ...draft, key: newRowKey(prefix), isNew: true }];
}

/**
 * Asks before removing the row of `key`: a new row is dropped, a deployed one is deactivated
 * (custom metadata records cannot be deleted from the page). The rows after, or undefined when
 * the person says no or the row is gone.
 * @param {{ noun: string, title: string }} words e.g. { noun: 'mapping', title: 'Okta Title → Contact Title' }
 */
export async function rowsAfterRemoval(rows, key, words) {
    const row = rows.find((r) => r.key === key);
    if (!row) {
        return undefined;
    }
    const confirmed = await LightningConfirm.open({
        message: row.isNew
            ? `Remove the new ${words.noun} ${words.title}?`
            : `Deactivate the ${words.noun} ${words.title}? It is saved inactive: custom metadata records cannot be deleted from this page.`,
        label: `Remove ${words.noun}`,
        theme: 'warning',
    });
    if (!confirmed) {
        return undefined;
    }
    return row.isNew
        ? rows.filter((r) => r.key !== key)
        : rows.map((r) => (r.key === key ? { ...r, active: false } : r));
}

/** The rows as the Apex row type (only `fields`, null when absent); rows without an API name get one from `nameFor(row, taken)`. */
export function rowsForApex(rows, fields, nameFor) {
    const taken = new Set(
        rows.map((r) => String(r.developerName ?? '').toLowerCase()).filter(Boolean),
    );
    return rows.map((row) => {
        const result = Object.fromEntries(fields.map((field) => [field, row[field] ?? null]));
        if (!result.developerName) {
            result.developerName = nameFor(row, taken);
            taken.add(result.developerName.toLowerCase());
        }
        return result;
    });
}

/**
 * Deploys the rows through `save` (an Apex method taking { rows }) and says how it went in a
 * toast dispatched on `host`. Resolves to { rows } (named, no longer new) or { error }.
 * @param {{ save: Function, fields: string[], nameFor: Function, what: string }} options
 *   `what`: the records in words, e.g. 'Field mappings'.
 */
export async function deployRows(host, rows, { save, fields, nameFor, what }) {
    try {
        const apexRows = rowsForApex(rows, fields, nameFor);
        const deploymentId = await save({ rows: apexRows });
        host.dispatchEvent(
            new ShowToastEvent({
                title: `${what} saved`,
                message: `Deployment ${deploymentId} is queued; the companion reloads the ${what.toLowerCase()} when it completes.`,
                variant: 'success',
            }),
        );
        return {
            rows: rows.map((row, i) => ({
                ...row,
                developerName: apexRows[i].developerName,
                isNew: false,
            })),
        };
    } catch (error) {
        host.dispatchEvent(
            new ShowToastEvent({
                title: `${what} not saved`,
                message: reduceErrors(error).join(' '),
                variant: 'error',
            }),
        );
        return { error };
    }
}
