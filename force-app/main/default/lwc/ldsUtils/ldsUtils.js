/**
 * Turns the error shapes a component can receive (Lightning Data Service wire and DML
 * errors, Apex AuraHandledException, network failures, plain JavaScript errors) into a
 * flat list of readable messages. Every component reports errors through this function.
 * @param {object|object[]} errors one error or a list of errors
 * @returns {string[]} messages, without empty entries
 */
export function reduceErrors(errors) {
    const list = Array.isArray(errors) ? errors : [errors];
    return list
        .filter((error) => !!error)
        .flatMap((error) => messagesOf(error))
        .filter((message) => typeof message === 'string' && message.length > 0);
}

function messagesOf(error) {
    const body = error.body;
    if (Array.isArray(body)) {
        // UI API read errors
        return body.map((e) => e.message);
    }
    if (body?.pageErrors?.length) {
        return body.pageErrors.map((e) => e.message);
    }
    if (body?.fieldErrors && Object.keys(body.fieldErrors).length) {
        return fieldMessages(body.fieldErrors);
    }
    if (body?.output?.errors?.length) {
        // UI API DML page-level errors
        return body.output.errors.map((e) => e.message);
    }
    if (body?.output?.fieldErrors && Object.keys(body.output.fieldErrors).length) {
        return fieldMessages(body.output.fieldErrors);
    }
    if (typeof body?.message === 'string') {
        // Apex and network errors
        return [body.message];
    }
    if (typeof error.message === 'string') {
        return [error.message];
    }
    return [error.statusText];
}

function fieldMessages(fieldErrors) {
    return Object.values(fieldErrors).flatMap((errorsOfField) =>
        errorsOfField.map((e) => e.message),
    );
}
