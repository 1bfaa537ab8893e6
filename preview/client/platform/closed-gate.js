/**
 * A feature gate that is off. Lightning Experience runs components in synthetic shadow, where
 * the ElementInternals API does not exist, so the gates that need it are closed there too.
 */
export default { isOpen: () => false };
