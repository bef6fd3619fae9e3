# request: latestOfOrder
# response: paidAfterFailedAttempt
# exit: 0
portone-v1 find order-20261125-0004
