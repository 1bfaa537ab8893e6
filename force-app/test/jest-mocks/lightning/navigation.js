/** Stand-in for lightning/navigation that records the last navigation request. */
export const CurrentPageReference = jest.fn();

let lastPageReference;
const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

export const NavigationMixin = (Base) =>
    class extends Base {
        [Navigate](pageReference, replace) {
            lastPageReference = { pageReference, replace };
        }
        [GenerateUrl](pageReference) {
            lastPageReference = { pageReference };
            return Promise.resolve('https://example.test/generated');
        }
    };
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;

export const getNavigateCalledWith = () => lastPageReference;
