module certwright.test/peercheck

go 1.19
