// Defaults only (like apps/web: no experimental flags), so the baseline is what Next ships.
export default { poweredByHeader: false, reactStrictMode: true };
