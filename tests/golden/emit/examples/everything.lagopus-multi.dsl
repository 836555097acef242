# aclc flows for the Lagopus datastore (startup DSL file, or one line per request)
# acl: everything
# target: lagopus
# strategy: multi
# permit: goto_table:100
# tables: 0,1,2
# entry table: 0
# flows: 488
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_src=20 write_metadata=0x1/0x1 goto_table=1
flow bridge01 add table=0 priority=2 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 write_metadata=0x0/0x1 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_src=20 write_metadata=0x1/0x1 goto_table=1
flow bridge01 add table=0 priority=2 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 write_metadata=0x0/0x1 goto_table=1
flow bridge01 add table=0 priority=1 cookie=12401787473871503360 goto_table=1
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=22 write_metadata=0x2/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=23 write_metadata=0x4/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=53 write_metadata=0x6/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=80 write_metadata=0x8/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=443 write_metadata=0xa/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=5060 write_metadata=0xc/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=6000 write_metadata=0xe/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=6001 write_metadata=0xe/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=6002 write_metadata=0xe/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=6003 write_metadata=0xe/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=6004 write_metadata=0xe/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=6006 write_metadata=0x10/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=6007 write_metadata=0x10/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=6008 write_metadata=0x10/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=6009 write_metadata=0x10/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=6010 write_metadata=0x10/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=7000 write_metadata=0x12/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=7001 write_metadata=0x12/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=7002 write_metadata=0x12/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=7004 write_metadata=0x14/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=7005 write_metadata=0x14/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=7009 write_metadata=0x16/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=7010 write_metadata=0x16/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=8000 write_metadata=0x18/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=8001 write_metadata=0x18/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=8002 write_metadata=0x18/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=8003 write_metadata=0x18/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=8004 write_metadata=0x18/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=8005 write_metadata=0x18/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=8006 write_metadata=0x18/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=8007 write_metadata=0x18/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=8008 write_metadata=0x18/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=8009 write_metadata=0x18/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=8010 write_metadata=0x18/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=8080 write_metadata=0x1a/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=8443 write_metadata=0x1c/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=9000 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65501 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65502 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65503 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65504 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65505 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65506 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65507 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65508 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65509 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65510 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65511 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65512 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65513 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65514 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65515 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65516 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65517 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65518 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65519 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65520 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65521 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65522 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65523 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65524 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65525 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65526 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65527 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65528 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65529 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65530 write_metadata=0x22/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65531 write_metadata=0x22/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65532 write_metadata=0x22/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65533 write_metadata=0x22/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65534 write_metadata=0x22/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=65535 write_metadata=0x22/0x3e goto_table=2
flow bridge01 add table=1 priority=2 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 write_metadata=0x0/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=17 udp_dst=0 write_metadata=0x0/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=17 udp_dst=1 write_metadata=0x0/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=17 udp_dst=2 write_metadata=0x0/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=17 udp_dst=3 write_metadata=0x0/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=17 udp_dst=4 write_metadata=0x0/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=17 udp_dst=5 write_metadata=0x0/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=17 udp_dst=6 write_metadata=0x2/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=17 udp_dst=7 write_metadata=0x2/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=17 udp_dst=8 write_metadata=0x2/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=17 udp_dst=9 write_metadata=0x2/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=17 udp_dst=53 write_metadata=0x6/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=17 udp_dst=123 write_metadata=0x8/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=17 udp_dst=161 write_metadata=0xa/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=17 udp_dst=5060 write_metadata=0xc/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=17 udp_dst=5061 write_metadata=0xc/0x3e goto_table=2
flow bridge01 add table=1 priority=2 cookie=12401787473871503360 dl_type=0x0800 nw_proto=17 write_metadata=0x4/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=132 sctp_dst=9899 write_metadata=0x2/0x3e goto_table=2
flow bridge01 add table=1 priority=2 cookie=12401787473871503360 dl_type=0x0800 nw_proto=132 write_metadata=0x0/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=22 write_metadata=0x2/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=23 write_metadata=0x4/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=53 write_metadata=0x6/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=80 write_metadata=0x8/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=443 write_metadata=0xa/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=6000 write_metadata=0xc/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=6001 write_metadata=0xc/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=6002 write_metadata=0xc/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=6003 write_metadata=0xc/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=6004 write_metadata=0xc/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=6006 write_metadata=0xe/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=6007 write_metadata=0xe/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=6008 write_metadata=0xe/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=6009 write_metadata=0xe/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=6010 write_metadata=0xe/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=7000 write_metadata=0x10/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=7001 write_metadata=0x10/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=7002 write_metadata=0x10/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=7004 write_metadata=0x12/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=7005 write_metadata=0x12/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=7009 write_metadata=0x14/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=7010 write_metadata=0x14/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=8000 write_metadata=0x16/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=8001 write_metadata=0x16/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=8002 write_metadata=0x16/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=8003 write_metadata=0x16/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=8004 write_metadata=0x16/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=8005 write_metadata=0x16/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=8006 write_metadata=0x16/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=8007 write_metadata=0x16/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=8008 write_metadata=0x16/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=8009 write_metadata=0x16/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=8010 write_metadata=0x16/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=8080 write_metadata=0x18/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=8443 write_metadata=0x1a/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=9000 write_metadata=0x1c/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65501 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65502 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65503 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65504 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65505 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65506 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65507 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65508 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65509 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65510 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65511 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65512 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65513 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65514 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65515 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65516 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65517 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65518 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65519 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65520 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65521 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65522 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65523 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65524 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65525 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65526 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65527 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65528 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65529 write_metadata=0x1e/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65530 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65531 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65532 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65533 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65534 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=65535 write_metadata=0x20/0x3e goto_table=2
flow bridge01 add table=1 priority=2 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 write_metadata=0x0/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=17 udp_dst=0 write_metadata=0x0/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=17 udp_dst=1 write_metadata=0x0/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=17 udp_dst=2 write_metadata=0x0/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=17 udp_dst=3 write_metadata=0x0/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=17 udp_dst=4 write_metadata=0x0/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=17 udp_dst=5 write_metadata=0x0/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=17 udp_dst=6 write_metadata=0x2/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=17 udp_dst=7 write_metadata=0x2/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=17 udp_dst=8 write_metadata=0x2/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=17 udp_dst=9 write_metadata=0x2/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=17 udp_dst=53 write_metadata=0x6/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=17 udp_dst=161 write_metadata=0x8/0x3e goto_table=2
flow bridge01 add table=1 priority=2 cookie=12401787473871503360 dl_type=0x86dd nw_proto=17 write_metadata=0x4/0x3e goto_table=2
flow bridge01 add table=1 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=132 sctp_dst=9899 write_metadata=0x2/0x3e goto_table=2
flow bridge01 add table=1 priority=2 cookie=12401787473871503360 dl_type=0x86dd nw_proto=132 write_metadata=0x0/0x3e goto_table=2
flow bridge01 add table=1 priority=1 cookie=12401787473871503360 goto_table=2
flow bridge01 add table=2 priority=4 cookie=12401787473871503361 dl_type=0x0800 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.255.0.53 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503361 dl_type=0x0800 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.255.0.54 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503362 dl_type=0x86dd ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=fd00:255::53 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503363 dl_type=0x0800 nw_src=10.10.0.0/255.255.255.128 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503364 dl_type=0x86dd ipv6_src=2001:db8:10::/ffff:ffff:ffff:: goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503365 metadata=0x2/0x3e dl_type=0x86dd nw_proto=6 ipv6_dst=2001:db8:10::/ffff:ffff:ffff:: goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503366 metadata=0x2/0x3e dl_type=0x0800 nw_proto=6 nw_dst=10.10.1.1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503366 metadata=0x2/0x3e dl_type=0x0800 nw_proto=6 nw_dst=10.10.1.2 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503367 metadata=0x2/0x3e dl_type=0x86dd nw_proto=6 ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503368 metadata=0x8/0x3e dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.255.0.123 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503369 metadata=0x2/0x3e dl_type=0x0800 nw_proto=132 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503369 metadata=0x2/0x3e dl_type=0x0800 nw_proto=132 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503370 metadata=0x2/0x3e dl_type=0x86dd nw_proto=132 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503371 dl_type=0x0800 nw_proto=47 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503371 dl_type=0x0800 nw_proto=47 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503372 dl_type=0x86dd nw_proto=47 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503373 dl_type=0x0800 nw_proto=50 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503373 dl_type=0x0800 nw_proto=50 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503374 dl_type=0x86dd nw_proto=50 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503375 dl_type=0x0800 nw_proto=47 nw_src=10.10.1.1 nw_dst=10.10.0.0/255.255.0.0 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503375 dl_type=0x0800 nw_proto=47 nw_src=10.10.1.2 nw_dst=10.10.0.0/255.255.0.0 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503376 dl_type=0x86dd nw_proto=47 ipv6_src=2001:db8:10::1 ipv6_dst=2001:db8:10::/ffff:ffff:ffff:: goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503377 metadata=0x19/0x3f dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503377 metadata=0x19/0x3f dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503378 metadata=0x17/0x3f dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503379 metadata=0x22/0x3e dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503379 metadata=0x22/0x3e dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503379 metadata=0x24/0x3c dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503379 metadata=0x24/0x3c dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503379 metadata=0x28/0x38 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503379 metadata=0x28/0x38 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503379 metadata=0x30/0x30 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503379 metadata=0x30/0x30 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503380 metadata=0x20/0x20 dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503381 metadata=0x20/0x20 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503381 metadata=0x20/0x20 dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503382 metadata=0x1e/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503383 metadata=0x0/0x3e dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503383 metadata=0x0/0x3e dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503384 metadata=0x0/0x3e dl_type=0x86dd nw_proto=17 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503385 metadata=0x0/0x3c dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503385 metadata=0x0/0x3c dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503386 metadata=0x0/0x3c dl_type=0x86dd nw_proto=17 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503387 metadata=0xe/0x3e dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503387 metadata=0xe/0x3e dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503387 metadata=0x10/0x3e dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503387 metadata=0x10/0x3e dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503388 metadata=0xc/0x3c dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503389 metadata=0x12/0x3e dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503389 metadata=0x12/0x3e dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503389 metadata=0x14/0x3c dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503389 metadata=0x14/0x3c dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503390 metadata=0x10/0x3c dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503390 metadata=0x14/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503391 metadata=0x8/0x3c dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503391 metadata=0x8/0x3c dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503391 metadata=0x1a/0x3e dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503391 metadata=0x1a/0x3e dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503391 metadata=0x1c/0x3c dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503391 metadata=0x1c/0x3c dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.0.0 nw_dst=10.10.1.2 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503392 metadata=0x8/0x3c dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503392 metadata=0x18/0x3c dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503392 metadata=0x1c/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:10::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503393 metadata=0x8/0x3c dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.255.128 nw_dst=10.10.1.1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503393 metadata=0x8/0x3c dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.255.128 nw_dst=10.10.1.2 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503393 metadata=0x8/0x3c dl_type=0x0800 nw_proto=6 nw_src=10.10.9.128/255.255.255.128 nw_dst=10.10.1.1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503393 metadata=0x8/0x3c dl_type=0x0800 nw_proto=6 nw_src=10.10.9.128/255.255.255.128 nw_dst=10.10.1.2 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503393 metadata=0xc/0x3e dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.255.128 nw_dst=10.10.1.1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503393 metadata=0xc/0x3e dl_type=0x0800 nw_proto=6 nw_src=10.10.0.0/255.255.255.128 nw_dst=10.10.1.2 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503393 metadata=0xc/0x3e dl_type=0x0800 nw_proto=6 nw_src=10.10.9.128/255.255.255.128 nw_dst=10.10.1.1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503393 metadata=0xc/0x3e dl_type=0x0800 nw_proto=6 nw_src=10.10.9.128/255.255.255.128 nw_dst=10.10.1.2 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503394 metadata=0xc/0x3c dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.255.128 nw_dst=10.10.1.1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503394 metadata=0xc/0x3c dl_type=0x0800 nw_proto=17 nw_src=10.10.0.0/255.255.255.128 nw_dst=10.10.1.2 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503394 metadata=0xc/0x3c dl_type=0x0800 nw_proto=17 nw_src=10.10.9.128/255.255.255.128 nw_dst=10.10.1.1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503394 metadata=0xc/0x3c dl_type=0x0800 nw_proto=17 nw_src=10.10.9.128/255.255.255.128 nw_dst=10.10.1.2 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503395 dl_type=0x0800 nw_proto=1 nw_dst=10.10.0.0/255.255.0.0 icmp_type=8 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503396 dl_type=0x0800 nw_proto=1 nw_dst=10.10.0.0/255.255.0.0 icmp_type=11 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503397 dl_type=0x0800 nw_proto=1 nw_dst=10.10.0.0/255.255.0.0 icmp_type=3 icmp_code=4 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503398 dl_type=0x86dd nw_proto=58 ipv6_dst=2001:db8:10::/ffff:ffff:ffff:: icmpv6_type=128 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503399 dl_type=0x86dd nw_proto=58 ipv6_dst=2001:db8:10::/ffff:ffff:ffff:: icmpv6_type=1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503400 metadata=0x6/0x3e dl_type=0x0800 nw_proto=17 nw_dst=10.255.0.53 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503400 metadata=0x6/0x3e dl_type=0x0800 nw_proto=17 nw_dst=10.255.0.54 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503401 metadata=0x6/0x3e dl_type=0x0800 nw_proto=6 nw_dst=10.255.0.53 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503401 metadata=0x6/0x3e dl_type=0x0800 nw_proto=6 nw_dst=10.255.0.54 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503402 metadata=0x6/0x3e dl_type=0x86dd nw_proto=17 ipv6_dst=fd00:255::53 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503403 metadata=0x6/0x3e dl_type=0x86dd nw_proto=6 ipv6_dst=fd00:255::53 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503404 dl_type=0x0800 nw_proto=1 nw_dst=10.10.0.0/255.255.0.0 icmp_type=0 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503405 dl_type=0x0800 nw_proto=1 nw_dst=10.10.0.0/255.255.0.0 icmp_type=3 icmp_code=3 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503406 dl_type=0x0800 nw_proto=1 nw_dst=10.10.0.0/255.255.0.0 icmp_type=3 icmp_code=1 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503407 dl_type=0x86dd nw_proto=58 ipv6_dst=2001:db8:10::/ffff:ffff:ffff:: icmpv6_type=134 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503408 dl_type=0x86dd nw_proto=58 ipv6_dst=2001:db8:10::/ffff:ffff:ffff:: icmpv6_type=136 goto_table=100
flow bridge01 add table=2 priority=2 cookie=12401787473871503409 metadata=0x4/0x3e dl_type=0x0800 nw_proto=6 nw_src=0.0.0.0/248.0.0.0 nw_dst=10.10.1.1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503409 metadata=0x4/0x3e dl_type=0x0800 nw_proto=6 nw_src=8.0.0.0/254.0.0.0 nw_dst=10.10.1.1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503409 metadata=0x4/0x3e dl_type=0x0800 nw_proto=6 nw_src=10.0.0.0/255.248.0.0 nw_dst=10.10.1.1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503409 metadata=0x4/0x3e dl_type=0x0800 nw_proto=6 nw_src=10.8.0.0/255.254.0.0 nw_dst=10.10.1.1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503409 metadata=0x4/0x3e dl_type=0x0800 nw_proto=6 nw_src=10.11.0.0/255.255.0.0 nw_dst=10.10.1.1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503409 metadata=0x4/0x3e dl_type=0x0800 nw_proto=6 nw_src=10.12.0.0/255.252.0.0 nw_dst=10.10.1.1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503409 metadata=0x4/0x3e dl_type=0x0800 nw_proto=6 nw_src=10.16.0.0/255.240.0.0 nw_dst=10.10.1.1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503409 metadata=0x4/0x3e dl_type=0x0800 nw_proto=6 nw_src=10.32.0.0/255.224.0.0 nw_dst=10.10.1.1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503409 metadata=0x4/0x3e dl_type=0x0800 nw_proto=6 nw_src=10.64.0.0/255.192.0.0 nw_dst=10.10.1.1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503409 metadata=0x4/0x3e dl_type=0x0800 nw_proto=6 nw_src=10.128.0.0/255.128.0.0 nw_dst=10.10.1.1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503409 metadata=0x4/0x3e dl_type=0x0800 nw_proto=6 nw_src=11.0.0.0/255.0.0.0 nw_dst=10.10.1.1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503409 metadata=0x4/0x3e dl_type=0x0800 nw_proto=6 nw_src=12.0.0.0/252.0.0.0 nw_dst=10.10.1.1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503409 metadata=0x4/0x3e dl_type=0x0800 nw_proto=6 nw_src=16.0.0.0/240.0.0.0 nw_dst=10.10.1.1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503409 metadata=0x4/0x3e dl_type=0x0800 nw_proto=6 nw_src=32.0.0.0/224.0.0.0 nw_dst=10.10.1.1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503409 metadata=0x4/0x3e dl_type=0x0800 nw_proto=6 nw_src=64.0.0.0/192.0.0.0 nw_dst=10.10.1.1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503409 metadata=0x4/0x3e dl_type=0x0800 nw_proto=6 nw_src=128.0.0.0/128.0.0.0 nw_dst=10.10.1.1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=::/e000:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2000::/ffff:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001::/ffff:f800:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:800::/ffff:fc00:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:c00::/ffff:ff00:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:d00::/ffff:ff80:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:d80::/ffff:ffe0:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:da0::/ffff:fff0:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:db0::/ffff:fff8:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8::/ffff:ffff:fff0:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:11::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:12::/ffff:ffff:fffe:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:14::/ffff:ffff:fffc:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:18::/ffff:ffff:fff8:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:20::/ffff:ffff:ffe0:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:40::/ffff:ffff:ffc0:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:80::/ffff:ffff:ff80:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:100::/ffff:ffff:ff00:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:200::/ffff:ffff:fe00:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:400::/ffff:ffff:fc00:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:800::/ffff:ffff:f800:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:1000::/ffff:ffff:f000:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:2000::/ffff:ffff:e000:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:4000::/ffff:ffff:c000:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:8000::/ffff:ffff:8000:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:db9::/ffff:ffff:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:dba::/ffff:fffe:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:dbc::/ffff:fffc:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:dc0::/ffff:ffc0:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:e00::/ffff:fe00:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:1000::/ffff:f000:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:2000::/ffff:e000:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:4000::/ffff:c000:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2001:8000::/ffff:8000:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2002::/fffe:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2004::/fffc:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2008::/fff8:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2010::/fff0:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2020::/ffe0:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2040::/ffc0:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2080::/ff80:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2100::/ff00:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2200::/fe00:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2400::/fc00:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=2800::/f800:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=3000::/f000:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=4000::/c000:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503410 metadata=0x4/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=8000::/8000:: ipv6_dst=2001:db8:10::1 apply_actions=output:controller
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=0.0.0.0/248.0.0.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=8.0.0.0/254.0.0.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=10.0.0.0/255.248.0.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=10.8.0.0/255.254.0.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=10.11.0.0/255.255.0.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=10.12.0.0/255.252.0.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=10.16.0.0/255.240.0.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=10.32.0.0/255.224.0.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=10.64.0.0/255.192.0.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=10.128.0.0/255.192.0.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=10.192.0.0/255.224.0.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=10.224.0.0/255.240.0.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=10.240.0.0/255.248.0.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=10.248.0.0/255.252.0.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=10.252.0.0/255.254.0.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=10.254.0.0/255.255.0.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=10.255.1.0/255.255.255.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=10.255.2.0/255.255.254.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=10.255.4.0/255.255.252.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=10.255.8.0/255.255.248.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=10.255.16.0/255.255.240.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=10.255.32.0/255.255.224.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=10.255.64.0/255.255.192.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=10.255.128.0/255.255.128.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=11.0.0.0/255.0.0.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=12.0.0.0/252.0.0.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=16.0.0.0/240.0.0.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=32.0.0.0/224.0.0.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=64.0.0.0/192.0.0.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503411 metadata=0xa/0x3e dl_type=0x0800 nw_proto=17 nw_src=128.0.0.0/128.0.0.0 nw_dst=10.10.0.0/255.255.0.0
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=::/e000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2000::/ffff:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001::/ffff:f800:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:800::/ffff:fc00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:c00::/ffff:ff00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:d00::/ffff:ff80:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:d80::/ffff:ffe0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:da0::/ffff:fff0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:db0::/ffff:fff8:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:db8::/ffff:ffff:fff0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:db8:11::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:db8:12::/ffff:ffff:fffe:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:db8:14::/ffff:ffff:fffc:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:db8:18::/ffff:ffff:fff8:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:db8:20::/ffff:ffff:ffe0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:db8:40::/ffff:ffff:ffc0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:db8:80::/ffff:ffff:ff80:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:db8:100::/ffff:ffff:ff00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:db8:200::/ffff:ffff:fe00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:db8:400::/ffff:ffff:fc00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:db8:800::/ffff:ffff:f800:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:db8:1000::/ffff:ffff:f000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:db8:2000::/ffff:ffff:e000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:db8:4000::/ffff:ffff:c000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:db8:8000::/ffff:ffff:8000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:db9::/ffff:ffff:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:dba::/ffff:fffe:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:dbc::/ffff:fffc:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:dc0::/ffff:ffc0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:e00::/ffff:fe00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:1000::/ffff:f000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:2000::/ffff:e000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:4000::/ffff:c000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2001:8000::/ffff:8000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2002::/fffe:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2004::/fffc:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2008::/fff8:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2010::/fff0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2020::/ffe0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2040::/ffc0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2080::/ff80:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2100::/ff00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2200::/fe00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2400::/fc00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=2800::/f800:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=3000::/f000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=4000::/c000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=8000::/c000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=c000::/e000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=e000::/f000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=f000::/f800:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=f800::/fc00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fc00::/ff00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00::/ffff:fe00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:200::/ffff:ffc0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:240::/ffff:fff0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:250::/ffff:fffc:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:254::/ffff:ffff:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:0:1::/ffff:ffff:ffff:ffff:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:0:2::/ffff:ffff:ffff:fffe:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:0:4::/ffff:ffff:ffff:fffc:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:0:8::/ffff:ffff:ffff:fff8:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:0:10::/ffff:ffff:ffff:fff0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:0:20::/ffff:ffff:ffff:ffe0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:0:40::/ffff:ffff:ffff:ffc0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:0:80::/ffff:ffff:ffff:ff80:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:0:100::/ffff:ffff:ffff:ff00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:0:200::/ffff:ffff:ffff:fe00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:0:400::/ffff:ffff:ffff:fc00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:0:800::/ffff:ffff:ffff:f800:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:0:1000::/ffff:ffff:ffff:f000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:0:2000::/ffff:ffff:ffff:e000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:0:4000::/ffff:ffff:ffff:c000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:0:8000::/ffff:ffff:ffff:8000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:1::/ffff:ffff:ffff:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:2::/ffff:ffff:fffe:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:4::/ffff:ffff:fffc:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:8::/ffff:ffff:fff8:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:10::/ffff:ffff:fff0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:20::/ffff:ffff:ffe0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:40::/ffff:ffff:ffc0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:80::/ffff:ffff:ff80:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:100::/ffff:ffff:ff00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:200::/ffff:ffff:fe00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:400::/ffff:ffff:fc00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:800::/ffff:ffff:f800:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:1000::/ffff:ffff:f000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:2000::/ffff:ffff:e000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:4000::/ffff:ffff:c000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:255:8000::/ffff:ffff:8000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:256::/ffff:fffe:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:258::/ffff:fff8:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:260::/ffff:ffe0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:280::/ffff:ff80:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:300::/ffff:ff00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:400::/ffff:fc00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:800::/ffff:f800:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:1000::/ffff:f000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:2000::/ffff:e000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:4000::/ffff:c000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd00:8000::/ffff:8000:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd01::/ffff:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd02::/fffe:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd04::/fffc:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd08::/fff8:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd10::/fff0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd20::/ffe0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd40::/ffc0:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fd80::/ff80:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503412 metadata=0x8/0x38 dl_type=0x86dd nw_proto=17 ipv6_src=fe00::/fe00:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff::
flow bridge01 add table=2 priority=4 cookie=12401787473871503413 dl_type=0x0806 arp_spa=10.10.0.0/255.255.0.0 arp_tpa=10.10.0.0/255.255.0.0 goto_table=100
flow bridge01 add table=2 priority=4 cookie=12401787473871503414 dl_type=0x88cc apply_actions=output:controller goto_table=100
flow bridge01 add table=2 priority=3 cookie=12401787473871503415 in_port=3 apply_actions=output:controller
flow bridge01 add table=2 priority=2 cookie=12401787473871503416 in_port=1 metadata=0x2/0x3e dl_type=0x0800 nw_proto=6 nw_src=10.255.0.0/255.255.255.0 nw_dst=10.10.0.0/255.255.0.0 goto_table=100
flow bridge01 add table=2 priority=2 cookie=12401787473871503416 in_port=2 metadata=0x2/0x3e dl_type=0x0800 nw_proto=6 nw_src=10.255.0.0/255.255.255.0 nw_dst=10.10.0.0/255.255.0.0 goto_table=100
flow bridge01 add table=2 priority=2 cookie=12401787473871503417 in_port=1 metadata=0x2/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=fd00:255::/ffff:ffff:ffff:ffff:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff:: goto_table=100
flow bridge01 add table=2 priority=2 cookie=12401787473871503417 in_port=2 metadata=0x2/0x3e dl_type=0x86dd nw_proto=6 ipv6_src=fd00:255::/ffff:ffff:ffff:ffff:: ipv6_dst=2001:db8:10::/ffff:ffff:ffff:: goto_table=100
flow bridge01 add table=2 priority=2 cookie=12401787473871503418 dl_type=0x0806 goto_table=100
flow bridge01 add table=2 priority=1 cookie=12401787473871503360 apply_actions=output:controller
