//! Drift check 3: the shape of the generated types.
//!
//! For each public type the JSON Schema that `schemars` derives is
//! snapshotted. A field renamed, retyped, made optional, or a type swapped
//! (e.g. `Amount` back to `f64`) moves a snapshot even when the spec summary
//! did not, for instance after a generator upgrade or a settings change.

use portone_v1::money::Amount;
use portone_v1::open_enums::{
    Currency, CustomerUidUsage, PayMethod, PaymentChannel, PaymentStatus, PgProvider,
};
use portone_v1::{
    AccessToken, AccessTokenResponse, CancelExtra, CancelPaymentRequest, CancelRequester,
    ErrorResponse, GetTokenRequest, Payment, PaymentCancellation, PaymentPage, PaymentPageResponse,
    PaymentResponse, PaymentSorting, PaymentStatusFilter, Promotion, VbankDeposit, WebhookPayload,
};

/// Snapshots `schema_for!(T)` under the type's name.
macro_rules! schema_snapshots {
    ($($test:ident: $ty:ty,)+) => {
        $(
            #[test]
            fn $test() {
                let schema = schemars::schema_for!($ty);
                insta::assert_json_snapshot!(stringify!($ty), schema);
            }
        )+
    };
}

schema_snapshots! {
    get_token_request: GetTokenRequest,
    access_token: AccessToken,
    access_token_response: AccessTokenResponse,
    cancel_payment_request: CancelPaymentRequest,
    cancel_extra: CancelExtra,
    cancel_requester: CancelRequester,
    payment: Payment,
    payment_cancellation: PaymentCancellation,
    vbank_deposit: VbankDeposit,
    webhook_payload: WebhookPayload,
    promotion: Promotion,
    payment_response: PaymentResponse,
    payment_page: PaymentPage,
    payment_page_response: PaymentPageResponse,
    payment_sorting: PaymentSorting,
    payment_status_filter: PaymentStatusFilter,
    error_response: ErrorResponse,
    amount: Amount,
    payment_status: PaymentStatus,
    payment_channel: PaymentChannel,
    pay_method: PayMethod,
    pg_provider: PgProvider,
    customer_uid_usage: CustomerUidUsage,
    currency: Currency,
}

#[test]
fn money_fields_are_exact_amounts_not_floats() {
    // The reason `Amount` is swapped in: if the replacement were lost, the
    // schema would show `"format": "double"` for these fields.
    let schema = serde_json::to_value(schemars::schema_for!(Payment)).unwrap();
    for field in ["amount", "cancel_amount"] {
        // schemars wraps a `$ref` in `allOf` when the field has its own doc.
        let property = &schema["properties"][field];
        let target = property
            .get("$ref")
            .or_else(|| property.pointer("/allOf/0/$ref"));
        assert_eq!(
            target,
            Some(&serde_json::json!("#/definitions/Amount")),
            "Payment.{field} must be the exact Amount type: {property}"
        );
    }
    assert_eq!(schema["definitions"]["Amount"]["type"], "number");
    assert!(schema["definitions"]["Amount"].get("format").is_none());
}
