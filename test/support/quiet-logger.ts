// A logger that drops everything: given to the SDK's providers and credchain's where a test compares
// outcomes, not log lines (a test about log lines passes a recording logger instead).
export const quiet = { debug() {}, info() {}, warn() {}, error() {} };
