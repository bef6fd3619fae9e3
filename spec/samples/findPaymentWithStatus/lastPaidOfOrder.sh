# request: lastPaidOfOrder
# response: paidAfterFailedAttempt
# exit: 0
portone-v1 find order-20261125-0004 --payment-status paid --sorting=-paid
