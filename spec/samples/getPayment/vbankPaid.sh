# request: vbankPayment
# response: vbankPaid
# exit: 0
portone-v1 payment imp_100000000002
