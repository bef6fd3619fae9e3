# request: cancelledOfOrder
# response: notFound
# exit: 1
portone-v1 find-all order-20261125-0004 --payment-status cancelled
