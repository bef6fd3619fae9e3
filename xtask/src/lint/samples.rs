//! Rule `usage-samples`: every operation has a usage sample pair
//! (`spec/samples/<operationId>/<name>.rs` and `.sh`) that names request
//! and response examples the spec has, and the two files agree. A
//! webhook's pair (`x-webhooks`) names an example of the notice's body and
//! one of the verifying call's responses, and runs `portone-v1 listen`.
//!
//! The checks are the model's ([`crate::model::sample_requests::resolve`]),
//! so lint reports exactly what `cargo xtask generate` refuses; this file
//! only turns its problems into findings. A spec read without its samples
//! folder (parsed in memory) has nothing to check.

use super::{Finding, finding};
use crate::model::Model;

/// The rule id.
pub const RULE: &str = "usage-samples";

/// Why the rule exists (listed in [`super::RULES`] and spec/README.md).
pub const WHY: &str = "every operation under `paths` and `x-webhooks` has a usage sample pair in `spec/samples/<operationId>/` (`<name>.rs` with `pub async fn run(`, `<name>.sh` with one `portone-v1 ...` line) whose header lines name a request and a response example of that operation, the same in both files (for a webhook: an example of its body, and one of getPayment's responses, the call that verifies it; the line runs `portone-v1 listen --port 0`): the docs show each pair with its request and response, and the generated test runs both against them, so an operation added without one, or a sample the spec no longer backs, is caught here";

/// Adds a finding for every problem of the samples.
pub fn check(model: &Model<'_>, out: &mut Vec<Finding>) {
    if let Some(resolved) = model.resolved_samples() {
        for p in resolved.missing.into_iter().chain(resolved.problems) {
            out.push(finding(p.place, RULE, p.message));
        }
    }
}
