# request: full
# response: alreadyCancelled
# exit: 1
portone-v1 cancel --merchant-uid order-20261125-0001 --reason '고객 변심 / changed mind'
