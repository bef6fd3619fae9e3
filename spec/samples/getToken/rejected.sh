# request: credentials
# response: unauthorized
# exit: 1
portone-v1 token
