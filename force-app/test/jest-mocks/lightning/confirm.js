/**
 * Stand-in for lightning/confirm: open() records its options and resolves true (the user
 * confirmed) unless a test sets another answer with LightningConfirm.open.mockResolvedValue(false).
 */
const LightningConfirm = {
    open: jest.fn(() => Promise.resolve(true)),
};

export default LightningConfirm;
