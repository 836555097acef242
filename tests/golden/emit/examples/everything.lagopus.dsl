# aclc flows for the Lagopus datastore (startup DSL file, or one line per request)
# acl: everything
# target: lagopus
# strategy: exact
# permit: goto_table:100
# tables: 0
# entry table: 0
# flows: 505
flow bridge01 add table=0 priority=4 cookie=12401787473871503361 dl_type=0x0800 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.255.0.53 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503361 dl_type=0x0800 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.255.0.54 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503362 dl_type=0x86dd ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=fd00:255::53 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503363 dl_type=0x0800 nw_src=10.10.0.0/255.255.255.128 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503364 dl_type=0x86dd ipv6_src=2001:db8:10::/ffff:ffff:ffff:: goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503365 dl_type=0x86dd nw_proto=6 tcp_dst=22 ipv6_dst=2001:db8:10::/ffff:ffff:ffff:: goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503366 dl_type=0x0800 nw_proto=6 nw_dst=10.10.1.1 tcp_dst=22 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503366 dl_type=0x0800 nw_proto=6 nw_dst=10.10.1.2 tcp_dst=22 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503367 dl_type=0x86dd nw_proto=6 tcp_dst=22 ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503368 dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.255.0.123 udp_dst=123 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503369 dl_type=0x0800 nw_proto=132 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 sctp_dst=9899 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503369 dl_type=0x0800 nw_proto=132 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 sctp_dst=9899 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503370 dl_type=0x86dd nw_proto=132 sctp_dst=9899 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503371 dl_type=0x0800 nw_proto=47 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503371 dl_type=0x0800 nw_proto=47 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503372 dl_type=0x86dd nw_proto=47 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503373 dl_type=0x0800 nw_proto=50 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503373 dl_type=0x0800 nw_proto=50 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503374 dl_type=0x86dd nw_proto=50 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503375 dl_type=0x0800 nw_proto=47 nw_src=10.10.1.1 nw_dst=10.10.0.0/255.255.0.0 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503375 dl_type=0x0800 nw_proto=47 nw_src=10.10.1.2 nw_dst=10.10.0.0/255.255.0.0 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503376 dl_type=0x86dd nw_proto=47 ipv6_src=2001:db8:10::1 ipv6_dst=2001:db8:10::/ffff:ffff:ffff:: goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503377 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_src=20 tcp_dst=8000 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503377 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_src=20 tcp_dst=8001 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503377 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_src=20 tcp_dst=8002 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503377 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_src=20 tcp_dst=8003 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503377 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_src=20 tcp_dst=8004 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503377 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_src=20 tcp_dst=8005 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503377 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_src=20 tcp_dst=8006 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503377 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_src=20 tcp_dst=8007 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503377 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_src=20 tcp_dst=8008 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503377 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_src=20 tcp_dst=8009 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503377 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_src=20 tcp_dst=8010 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503377 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_src=20 tcp_dst=8000 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503377 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_src=20 tcp_dst=8001 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503377 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_src=20 tcp_dst=8002 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503377 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_src=20 tcp_dst=8003 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503377 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_src=20 tcp_dst=8004 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503377 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_src=20 tcp_dst=8005 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503377 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_src=20 tcp_dst=8006 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503377 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_src=20 tcp_dst=8007 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503377 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_src=20 tcp_dst=8008 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503377 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_src=20 tcp_dst=8009 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503377 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_src=20 tcp_dst=8010 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503378 dl_type=0x86dd nw_proto=6 tcp_src=20 tcp_dst=8000 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503378 dl_type=0x86dd nw_proto=6 tcp_src=20 tcp_dst=8001 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503378 dl_type=0x86dd nw_proto=6 tcp_src=20 tcp_dst=8002 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503378 dl_type=0x86dd nw_proto=6 tcp_src=20 tcp_dst=8003 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503378 dl_type=0x86dd nw_proto=6 tcp_src=20 tcp_dst=8004 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503378 dl_type=0x86dd nw_proto=6 tcp_src=20 tcp_dst=8005 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503378 dl_type=0x86dd nw_proto=6 tcp_src=20 tcp_dst=8006 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503378 dl_type=0x86dd nw_proto=6 tcp_src=20 tcp_dst=8007 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503378 dl_type=0x86dd nw_proto=6 tcp_src=20 tcp_dst=8008 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503378 dl_type=0x86dd nw_proto=6 tcp_src=20 tcp_dst=8009 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503378 dl_type=0x86dd nw_proto=6 tcp_src=20 tcp_dst=8010 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503379 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65530 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503379 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65531 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503379 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65532 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503379 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65533 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503379 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65534 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503379 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65535 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503379 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65530 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503379 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65531 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503379 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65532 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503379 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65533 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503379 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65534 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503379 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65535 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503380 dl_type=0x86dd nw_proto=6 tcp_dst=65530 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503380 dl_type=0x86dd nw_proto=6 tcp_dst=65531 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503380 dl_type=0x86dd nw_proto=6 tcp_dst=65532 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503380 dl_type=0x86dd nw_proto=6 tcp_dst=65533 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503380 dl_type=0x86dd nw_proto=6 tcp_dst=65534 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503380 dl_type=0x86dd nw_proto=6 tcp_dst=65535 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65501 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65502 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65503 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65504 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65505 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65506 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65507 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65508 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65509 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65510 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65511 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65512 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65513 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65514 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65515 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65516 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65517 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65518 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65519 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65520 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65521 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65522 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65523 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65524 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65525 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65526 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65527 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65528 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=65529 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65501 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65502 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65503 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65504 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65505 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65506 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65507 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65508 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65509 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65510 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65511 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65512 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65513 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65514 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65515 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65516 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65517 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65518 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65519 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65520 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65521 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65522 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65523 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65524 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65525 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65526 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65527 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65528 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503381 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=65529 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65501 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65502 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65503 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65504 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65505 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65506 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65507 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65508 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65509 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65510 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65511 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65512 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65513 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65514 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65515 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65516 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65517 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65518 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65519 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65520 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65521 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65522 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65523 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65524 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65525 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65526 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65527 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65528 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503382 dl_type=0x86dd nw_proto=6 tcp_dst=65529 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503383 dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 udp_dst=0 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503383 dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 udp_dst=1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503383 dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 udp_dst=2 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503383 dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 udp_dst=3 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503383 dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 udp_dst=4 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503383 dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 udp_dst=5 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503383 dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 udp_dst=0 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503383 dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 udp_dst=1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503383 dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 udp_dst=2 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503383 dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 udp_dst=3 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503383 dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 udp_dst=4 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503383 dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 udp_dst=5 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503384 dl_type=0x86dd nw_proto=17 udp_dst=0 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503384 dl_type=0x86dd nw_proto=17 udp_dst=1 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503384 dl_type=0x86dd nw_proto=17 udp_dst=2 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503384 dl_type=0x86dd nw_proto=17 udp_dst=3 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503384 dl_type=0x86dd nw_proto=17 udp_dst=4 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503384 dl_type=0x86dd nw_proto=17 udp_dst=5 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503385 dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 udp_dst=6 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503385 dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 udp_dst=7 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503385 dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 udp_dst=8 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503385 dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 udp_dst=9 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503385 dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 udp_dst=6 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503385 dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 udp_dst=7 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503385 dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 udp_dst=8 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503385 dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 udp_dst=9 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503386 dl_type=0x86dd nw_proto=17 udp_dst=6 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503386 dl_type=0x86dd nw_proto=17 udp_dst=7 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503386 dl_type=0x86dd nw_proto=17 udp_dst=8 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503386 dl_type=0x86dd nw_proto=17 udp_dst=9 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503387 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=6000 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503387 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=6001 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503387 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=6002 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503387 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=6003 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503387 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=6004 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503387 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=6006 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503387 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=6007 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503387 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=6008 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503387 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=6009 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503387 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=6010 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503387 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=6000 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503387 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=6001 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503387 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=6002 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503387 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=6003 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503387 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=6004 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503387 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=6006 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503387 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=6007 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503387 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=6008 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503387 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=6009 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503387 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=6010 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503388 dl_type=0x86dd nw_proto=6 tcp_dst=6000 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503388 dl_type=0x86dd nw_proto=6 tcp_dst=6001 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503388 dl_type=0x86dd nw_proto=6 tcp_dst=6002 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503388 dl_type=0x86dd nw_proto=6 tcp_dst=6003 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503388 dl_type=0x86dd nw_proto=6 tcp_dst=6004 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503388 dl_type=0x86dd nw_proto=6 tcp_dst=6006 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503388 dl_type=0x86dd nw_proto=6 tcp_dst=6007 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503388 dl_type=0x86dd nw_proto=6 tcp_dst=6008 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503388 dl_type=0x86dd nw_proto=6 tcp_dst=6009 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503388 dl_type=0x86dd nw_proto=6 tcp_dst=6010 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503389 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=7000 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503389 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=7001 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503389 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=7002 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503389 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=7004 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503389 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=7005 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503389 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=7009 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503389 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=7010 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503389 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=7000 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503389 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=7001 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503389 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=7002 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503389 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=7004 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503389 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=7005 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503389 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=7009 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503389 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=7010 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503390 dl_type=0x86dd nw_proto=6 tcp_dst=7000 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503390 dl_type=0x86dd nw_proto=6 tcp_dst=7001 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503390 dl_type=0x86dd nw_proto=6 tcp_dst=7002 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503390 dl_type=0x86dd nw_proto=6 tcp_dst=7004 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503390 dl_type=0x86dd nw_proto=6 tcp_dst=7005 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503390 dl_type=0x86dd nw_proto=6 tcp_dst=7009 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503390 dl_type=0x86dd nw_proto=6 tcp_dst=7010 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503391 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=80 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503391 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=443 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503391 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=8080 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503391 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=8443 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503391 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=9000 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503391 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=80 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503391 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=443 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503391 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=8080 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503391 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=8443 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503391 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 tcp_dst=9000 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503392 dl_type=0x86dd nw_proto=6 tcp_dst=80 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503392 dl_type=0x86dd nw_proto=6 tcp_dst=443 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503392 dl_type=0x86dd nw_proto=6 tcp_dst=8080 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503392 dl_type=0x86dd nw_proto=6 tcp_dst=8443 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503392 dl_type=0x86dd nw_proto=6 tcp_dst=9000 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503393 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.255.128 nw_dst=10.10.1.1 tcp_dst=80 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503393 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.255.128 nw_dst=10.10.1.1 tcp_dst=443 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503393 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.255.128 nw_dst=10.10.1.1 tcp_dst=5060 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503393 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.255.128 nw_dst=10.10.1.2 tcp_dst=80 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503393 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.255.128 nw_dst=10.10.1.2 tcp_dst=443 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503393 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.255.128 nw_dst=10.10.1.2 tcp_dst=5060 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503393 dl_type=0x0800 nw_proto=6 nw_src=10.10.9.128/255.255.255.128 nw_dst=10.10.1.1 tcp_dst=80 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503393 dl_type=0x0800 nw_proto=6 nw_src=10.10.9.128/255.255.255.128 nw_dst=10.10.1.1 tcp_dst=443 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503393 dl_type=0x0800 nw_proto=6 nw_src=10.10.9.128/255.255.255.128 nw_dst=10.10.1.1 tcp_dst=5060 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503393 dl_type=0x0800 nw_proto=6 nw_src=10.10.9.128/255.255.255.128 nw_dst=10.10.1.2 tcp_dst=80 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503393 dl_type=0x0800 nw_proto=6 nw_src=10.10.9.128/255.255.255.128 nw_dst=10.10.1.2 tcp_dst=443 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503393 dl_type=0x0800 nw_proto=6 nw_src=10.10.9.128/255.255.255.128 nw_dst=10.10.1.2 tcp_dst=5060 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503394 dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.255.128 nw_dst=10.10.1.1 udp_dst=5060 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503394 dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.255.128 nw_dst=10.10.1.1 udp_dst=5061 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503394 dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.255.128 nw_dst=10.10.1.2 udp_dst=5060 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503394 dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.255.128 nw_dst=10.10.1.2 udp_dst=5061 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503394 dl_type=0x0800 nw_proto=17 nw_src=10.10.9.128/255.255.255.128 nw_dst=10.10.1.1 udp_dst=5060 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503394 dl_type=0x0800 nw_proto=17 nw_src=10.10.9.128/255.255.255.128 nw_dst=10.10.1.1 udp_dst=5061 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503394 dl_type=0x0800 nw_proto=17 nw_src=10.10.9.128/255.255.255.128 nw_dst=10.10.1.2 udp_dst=5060 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503394 dl_type=0x0800 nw_proto=17 nw_src=10.10.9.128/255.255.255.128 nw_dst=10.10.1.2 udp_dst=5061 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503395 dl_type=0x0800 nw_proto=1 nw_dst=10.10.0.0/255.255.0.0 icmp_type=8 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503396 dl_type=0x0800 nw_proto=1 nw_dst=10.10.0.0/255.255.0.0 icmp_type=11 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503397 dl_type=0x0800 nw_proto=1 nw_dst=10.10.0.0/255.255.0.0 icmp_type=3 icmp_code=4 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503398 dl_type=0x86dd nw_proto=58 ipv6_dst=2001:db8:10::/ffff:ffff:ffff:: icmpv6_type=128 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503399 dl_type=0x86dd nw_proto=58 ipv6_dst=2001:db8:10::/ffff:ffff:ffff:: icmpv6_type=1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503400 dl_type=0x0800 nw_proto=17 nw_dst=10.255.0.53 udp_dst=53 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503400 dl_type=0x0800 nw_proto=17 nw_dst=10.255.0.54 udp_dst=53 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503401 dl_type=0x0800 nw_proto=6 nw_dst=10.255.0.53 tcp_dst=53 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503401 dl_type=0x0800 nw_proto=6 nw_dst=10.255.0.54 tcp_dst=53 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503402 dl_type=0x86dd nw_proto=17 udp_dst=53 ipv6_dst=fd00:255::53 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503403 dl_type=0x86dd nw_proto=6 tcp_dst=53 ipv6_dst=fd00:255::53 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503404 dl_type=0x0800 nw_proto=1 nw_dst=10.10.0.0/255.255.0.0 icmp_type=0 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503405 dl_type=0x0800 nw_proto=1 nw_dst=10.10.0.0/255.255.0.0 icmp_type=3 icmp_code=3 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503406 dl_type=0x0800 nw_proto=1 nw_dst=10.10.0.0/255.255.0.0 icmp_type=3 icmp_code=1 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503407 dl_type=0x86dd nw_proto=58 ipv6_dst=2001:db8:10::/ffff:ffff:ffff:: icmpv6_type=134 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503408 dl_type=0x86dd nw_proto=58 ipv6_dst=2001:db8:10::/ffff:ffff:ffff:: icmpv6_type=136 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503409 dl_type=0x0800 nw_proto=6 nw_src=0.0.0.0/248.0.0.0 nw_dst=10.10.1.1 tcp_dst=23 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503409 dl_type=0x0800 nw_proto=6 nw_src=8.0.0.0/254.0.0.0 nw_dst=10.10.1.1 tcp_dst=23 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503409 dl_type=0x0800 nw_proto=6 nw_src=10.0.0.0/255.248.0.0 nw_dst=10.10.1.1 tcp_dst=23 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503409 dl_type=0x0800 nw_proto=6 nw_src=10.8.0.0/255.254.0.0 nw_dst=10.10.1.1 tcp_dst=23 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503409 dl_type=0x0800 nw_proto=6 nw_src=10.11.0.0/255.255.0.0 nw_dst=10.10.1.1 tcp_dst=23 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503409 dl_type=0x0800 nw_proto=6 nw_src=10.12.0.0/255.252.0.0 nw_dst=10.10.1.1 tcp_dst=23 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503409 dl_type=0x0800 nw_proto=6 nw_src=10.16.0.0/255.240.0.0 nw_dst=10.10.1.1 tcp_dst=23 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503409 dl_type=0x0800 nw_proto=6 nw_src=10.32.0.0/255.224.0.0 nw_dst=10.10.1.1 tcp_dst=23 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503409 dl_type=0x0800 nw_proto=6 nw_src=10.64.0.0/255.192.0.0 nw_dst=10.10.1.1 tcp_dst=23 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503409 dl_type=0x0800 nw_proto=6 nw_src=10.128.0.0/255.128.0.0 nw_dst=10.10.1.1 tcp_dst=23 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503409 dl_type=0x0800 nw_proto=6 nw_src=11.0.0.0/255.0.0.0 nw_dst=10.10.1.1 tcp_dst=23 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503409 dl_type=0x0800 nw_proto=6 nw_src=12.0.0.0/252.0.0.0 nw_dst=10.10.1.1 tcp_dst=23 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503409 dl_type=0x0800 nw_proto=6 nw_src=16.0.0.0/240.0.0.0 nw_dst=10.10.1.1 tcp_dst=23 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503409 dl_type=0x0800 nw_proto=6 nw_src=32.0.0.0/224.0.0.0 nw_dst=10.10.1.1 tcp_dst=23 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503409 dl_type=0x0800 nw_proto=6 nw_src=64.0.0.0/192.0.0.0 nw_dst=10.10.1.1 tcp_dst=23 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503409 dl_type=0x0800 nw_proto=6 nw_src=128.0.0.0/128.0.0.0 nw_dst=10.10.1.1 tcp_dst=23 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=::/e000:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2000::/ffff:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001::/ffff:f800:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:800::/ffff:fc00:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:c00::/ffff:ff00:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:d00::/ffff:ff80:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:d80::/ffff:ffe0:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:da0::/ffff:fff0:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:db0::/ffff:fff8:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:db8::/ffff:ffff:fff0:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:db8:11::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:db8:12::/ffff:ffff:fffe:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:db8:14::/ffff:ffff:fffc:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:db8:18::/ffff:ffff:fff8:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:db8:20::/ffff:ffff:ffe0:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:db8:40::/ffff:ffff:ffc0:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:db8:80::/ffff:ffff:ff80:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:db8:100::/ffff:ffff:ff00:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:db8:200::/ffff:ffff:fe00:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:db8:400::/ffff:ffff:fc00:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:db8:800::/ffff:ffff:f800:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:db8:1000::/ffff:ffff:f000:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:db8:2000::/ffff:ffff:e000:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:db8:4000::/ffff:ffff:c000:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:db8:8000::/ffff:ffff:8000:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:db9::/ffff:ffff:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:dba::/ffff:fffe:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:dbc::/ffff:fffc:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:dc0::/ffff:ffc0:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:e00::/ffff:fe00:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:1000::/ffff:f000:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:2000::/ffff:e000:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:4000::/ffff:c000:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2001:8000::/ffff:8000:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2002::/fffe:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2004::/fffc:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2008::/fff8:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2010::/fff0:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2020::/ffe0:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2040::/ffc0:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2080::/ff80:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2100::/ff00:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2200::/fe00:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2400::/fc00:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=2800::/f800:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=3000::/f000:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=4000::/c000:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503410 dl_type=0x86dd nw_proto=6 tcp_dst=23 ipv6_src=8000::/8000:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=0.0.0.0/248.0.0.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=8.0.0.0/254.0.0.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=10.0.0.0/255.248.0.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=10.8.0.0/255.254.0.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=10.11.0.0/255.255.0.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=10.12.0.0/255.252.0.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=10.16.0.0/255.240.0.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=10.32.0.0/255.224.0.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=10.64.0.0/255.192.0.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=10.128.0.0/255.192.0.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=10.192.0.0/255.224.0.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=10.224.0.0/255.240.0.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=10.240.0.0/255.248.0.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=10.248.0.0/255.252.0.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=10.252.0.0/255.254.0.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=10.254.0.0/255.255.0.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=10.255.1.0/255.255.255.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=10.255.2.0/255.255.254.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=10.255.4.0/255.255.252.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=10.255.8.0/255.255.248.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=10.255.16.0/255.255.240.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=10.255.32.0/255.255.224.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=10.255.64.0/255.255.192.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=10.255.128.0/255.255.128.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=11.0.0.0/255.0.0.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=12.0.0.0/252.0.0.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=16.0.0.0/240.0.0.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=32.0.0.0/224.0.0.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=64.0.0.0/192.0.0.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503411 dl_type=0x0800 nw_proto=17 nw_src=128.0.0.0/128.0.0.0 nw_dst=10.10.0.0/255.255.0.0 udp_dst=161
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=::/e000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2000::/ffff:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001::/ffff:f800:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:800::/ffff:fc00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:c00::/ffff:ff00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:d00::/ffff:ff80:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:d80::/ffff:ffe0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:da0::/ffff:fff0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:db0::/ffff:fff8:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:db8::/ffff:ffff:fff0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:db8:11::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:db8:12::/ffff:ffff:fffe:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:db8:14::/ffff:ffff:fffc:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:db8:18::/ffff:ffff:fff8:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:db8:20::/ffff:ffff:ffe0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:db8:40::/ffff:ffff:ffc0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:db8:80::/ffff:ffff:ff80:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:db8:100::/ffff:ffff:ff00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:db8:200::/ffff:ffff:fe00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:db8:400::/ffff:ffff:fc00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:db8:800::/ffff:ffff:f800:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:db8:1000::/ffff:ffff:f000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:db8:2000::/ffff:ffff:e000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:db8:4000::/ffff:ffff:c000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:db8:8000::/ffff:ffff:8000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:db9::/ffff:ffff:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:dba::/ffff:fffe:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:dbc::/ffff:fffc:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:dc0::/ffff:ffc0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:e00::/ffff:fe00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:1000::/ffff:f000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:2000::/ffff:e000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:4000::/ffff:c000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2001:8000::/ffff:8000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2002::/fffe:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2004::/fffc:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2008::/fff8:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2010::/fff0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2020::/ffe0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2040::/ffc0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2080::/ff80:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2100::/ff00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2200::/fe00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2400::/fc00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=2800::/f800:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=3000::/f000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=4000::/c000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=8000::/c000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=c000::/e000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=e000::/f000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=f000::/f800:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=f800::/fc00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fc00::/ff00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00::/ffff:fe00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:200::/ffff:ffc0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:240::/ffff:fff0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:250::/ffff:fffc:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:254::/ffff:ffff:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:0:1::/ffff:ffff:ffff:ffff:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:0:2::/ffff:ffff:ffff:fffe:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:0:4::/ffff:ffff:ffff:fffc:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:0:8::/ffff:ffff:ffff:fff8:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:0:10::/ffff:ffff:ffff:fff0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:0:20::/ffff:ffff:ffff:ffe0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:0:40::/ffff:ffff:ffff:ffc0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:0:80::/ffff:ffff:ffff:ff80:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:0:100::/ffff:ffff:ffff:ff00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:0:200::/ffff:ffff:ffff:fe00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:0:400::/ffff:ffff:ffff:fc00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:0:800::/ffff:ffff:ffff:f800:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:0:1000::/ffff:ffff:ffff:f000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:0:2000::/ffff:ffff:ffff:e000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:0:4000::/ffff:ffff:ffff:c000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:0:8000::/ffff:ffff:ffff:8000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:1::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:2::/ffff:ffff:fffe:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:4::/ffff:ffff:fffc:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:8::/ffff:ffff:fff8:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:10::/ffff:ffff:fff0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:20::/ffff:ffff:ffe0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:40::/ffff:ffff:ffc0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:80::/ffff:ffff:ff80:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:100::/ffff:ffff:ff00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:200::/ffff:ffff:fe00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:400::/ffff:ffff:fc00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:800::/ffff:ffff:f800:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:1000::/ffff:ffff:f000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:2000::/ffff:ffff:e000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:4000::/ffff:ffff:c000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:255:8000::/ffff:ffff:8000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:256::/ffff:fffe:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:258::/ffff:fff8:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:260::/ffff:ffe0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:280::/ffff:ff80:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:300::/ffff:ff00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:400::/ffff:fc00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:800::/ffff:f800:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:1000::/ffff:f000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:2000::/ffff:e000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:4000::/ffff:c000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd00:8000::/ffff:8000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd01::/ffff:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd02::/fffe:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd04::/fffc:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd08::/fff8:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd10::/fff0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd20::/ffe0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd40::/ffc0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fd80::/ff80:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503412 dl_type=0x86dd nw_proto=17 udp_dst=161 ipv6_src=fe00::/fe00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=0 priority=4 cookie=12401787473871503413 dl_type=0x0806 arp_spa=10.10.0.0/255.255.0.0 arp_tpa=10.10.0.0/255.255.0.0 goto_table=100
flow bridge01 add table=0 priority=4 cookie=12401787473871503414 dl_type=0x88cc apply_actions=output:controller goto_table=100
flow bridge01 add table=0 priority=3 cookie=12401787473871503415 in_port=3 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503416 in_port=1 dl_type=0x0800 nw_proto=6 nw_src=10.255.0.0/255.255.255.0 nw_dst=10.10.0.0/255.255.0.0 tcp_dst=22 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503416 in_port=2 dl_type=0x0800 nw_proto=6 nw_src=10.255.0.0/255.255.255.0 nw_dst=10.10.0.0/255.255.0.0 tcp_dst=22 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503417 in_port=1 dl_type=0x86dd nw_proto=6 tcp_dst=22 ipv6_src=fd00:255::/ffff:ffff:ffff:ffff:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff:: goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503417 in_port=2 dl_type=0x86dd nw_proto=6 tcp_dst=22 ipv6_src=fd00:255::/ffff:ffff:ffff:ffff:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff:: goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503418 dl_type=0x0806 goto_table=100
flow bridge01 add table=0 priority=1 cookie=12401787473871503360 apply_actions=output:controller
