# request: unknownPayment
# response: notFound
# exit: 1
portone-v1 payment imp_100000009999
