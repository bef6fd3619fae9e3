# request: credentials
# response: issued
# exit: 0
portone-v1 token
