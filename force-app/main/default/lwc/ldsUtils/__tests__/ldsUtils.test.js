import { reduceErrors } from 'c/ldsUtils';

describe('c/ldsUtils reduceErrors', () => {
    it('reads UI API read errors', () => {
        expect(reduceErrors({ body: [{ message: 'A' }, { message: 'B' }] })).toEqual(['A', 'B']);
    });

    it('reads page-level and field-level errors', () => {
        const error = { body: { pageErrors: [{ message: 'Page' }] } };
        expect(reduceErrors(error)).toEqual(['Page']);
        const fieldError = {
            body: {
                fieldErrors: {
                    Email: [{ message: 'Bad email' }],
                    Phone: [{ message: 'Bad phone' }],
                },
            },
        };
        expect(reduceErrors(fieldError)).toEqual(['Bad email', 'Bad phone']);
    });

    it('reads UI API DML errors', () => {
        expect(reduceErrors({ body: { output: { errors: [{ message: 'Locked' }] } } })).toEqual([
            'Locked',
        ]);
        expect(
            reduceErrors({
                body: { output: { fieldErrors: { Name: [{ message: 'Required' }] } } },
            }),
        ).toEqual(['Required']);
    });

    it('reads Apex, JavaScript and HTTP errors and drops empty ones', () => {
        const errors = [
            { body: { message: 'The companion is unreachable.' } },
            new Error('Boom'),
            { statusText: 'Service Unavailable' },
            null,
            { statusText: '' },
        ];
        expect(reduceErrors(errors)).toEqual([
            'The companion is unreachable.',
            'Boom',
            'Service Unavailable',
        ]);
    });
});
