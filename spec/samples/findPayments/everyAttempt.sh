# request: everyAttempt
# response: failedThenPaid
# exit: 0
portone-v1 find-all order-20261125-0004 --page 1 --limit 20
