# request: partial
# response: partiallyCancelled
# exit: 0
portone-v1 cancel --imp-uid imp_100000000001 --amount 3000 --checksum 10000 --reason '일부 상품 반품 / one item returned'
