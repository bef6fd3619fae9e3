# request: vbank
# response: vbankRefunded
# exit: 0
portone-v1 cancel --imp-uid imp_100000000002 --reason '입금 후 주문 취소 / order cancelled after deposit' --refund-holder 홍길동 --refund-bank BK88 --refund-account 11012345678901 --refund-tel 01012345678
