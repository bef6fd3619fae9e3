# request: vbankDeposited
# response: vbankPaid
# exit: 0
portone-v1 listen --port 0
