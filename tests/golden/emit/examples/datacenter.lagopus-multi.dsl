# aclc flows for the Lagopus datastore (startup DSL file, or one line per request)
# acl: dc-east-west
# target: lagopus
# strategy: multi
# permit: goto_table:100
# tables: 0,1
# entry table: 0
# flows: 35
flow bridge01 add table=0 priority=3 cookie=0xac1c000000000000 dl_type=0x0800 nw_proto=6 tcp_dst=80 write_metadata=0x1/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=0xac1c000000000000 dl_type=0x0800 nw_proto=6 tcp_dst=443 write_metadata=0x2/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=0xac1c000000000000 dl_type=0x0800 nw_proto=6 tcp_dst=5432 write_metadata=0x3/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=0xac1c000000000000 dl_type=0x0800 nw_proto=6 tcp_dst=8081 write_metadata=0x4/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=0xac1c000000000000 dl_type=0x0800 nw_proto=6 tcp_dst=8443 write_metadata=0x5/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=0xac1c000000000000 dl_type=0x0800 nw_proto=6 tcp_dst=9100 write_metadata=0x6/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=0xac1c000000000000 dl_type=0x0800 nw_proto=6 tcp_dst=9187 write_metadata=0x7/0x7 goto_table=1
flow bridge01 add table=0 priority=2 cookie=0xac1c000000000000 dl_type=0x0800 nw_proto=6 write_metadata=0x0/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=0xac1c000000000000 dl_type=0x86dd nw_proto=6 tcp_dst=80 write_metadata=0x1/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=0xac1c000000000000 dl_type=0x86dd nw_proto=6 tcp_dst=443 write_metadata=0x2/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=0xac1c000000000000 dl_type=0x86dd nw_proto=6 tcp_dst=8443 write_metadata=0x3/0x7 goto_table=1
flow bridge01 add table=0 priority=2 cookie=0xac1c000000000000 dl_type=0x86dd nw_proto=6 write_metadata=0x0/0x7 goto_table=1
flow bridge01 add table=0 priority=1 cookie=0xac1c000000000000 goto_table=1
flow bridge01 add table=1 priority=2 cookie=0xac1c000000000001 metadata=0x1/0x7 dl_type=0x0800 nw_proto=6 nw_src=10.20.0.0/255.255.255.240 nw_dst=10.20.1.0/255.255.255.0 goto_table=100
flow bridge01 add table=1 priority=2 cookie=0xac1c000000000001 metadata=0x2/0x7 dl_type=0x0800 nw_proto=6 nw_src=10.20.0.0/255.255.255.240 nw_dst=10.20.1.0/255.255.255.0 goto_table=100
flow bridge01 add table=1 priority=2 cookie=0xac1c000000000002 metadata=0x1/0x7 dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:20::/ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0 ipv6_dst=2001:db8:20:1::/ffff:ffff:ffff:ffff:: goto_table=100
flow bridge01 add table=1 priority=2 cookie=0xac1c000000000002 metadata=0x2/0x7 dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:20::/ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0 ipv6_dst=2001:db8:20:1::/ffff:ffff:ffff:ffff:: goto_table=100
flow bridge01 add table=1 priority=2 cookie=0xac1c000000000003 metadata=0x5/0x7 dl_type=0x0800 nw_proto=6 nw_src=10.20.1.0/255.255.255.0 nw_dst=10.20.2.0/255.255.255.0 goto_table=100
flow bridge01 add table=1 priority=2 cookie=0xac1c000000000004 metadata=0x3/0x7 dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:20:1::/ffff:ffff:ffff:ffff:: ipv6_dst=2001:db8:20:2::/ffff:ffff:ffff:ffff:: goto_table=100
flow bridge01 add table=1 priority=2 cookie=0xac1c000000000005 metadata=0x3/0x7 dl_type=0x0800 nw_proto=6 nw_src=10.20.2.0/255.255.255.0 nw_dst=10.20.3.0/255.255.255.128 goto_table=100
flow bridge01 add table=1 priority=2 cookie=0xac1c000000000006 metadata=0x4/0x7 dl_type=0x0800 nw_proto=6 nw_src=10.20.250.10/255.255.255.254 nw_dst=10.20.1.0/255.255.255.0 goto_table=100
flow bridge01 add table=1 priority=2 cookie=0xac1c000000000006 metadata=0x4/0x7 dl_type=0x0800 nw_proto=6 nw_src=10.20.250.10/255.255.255.254 nw_dst=10.20.2.0/255.255.254.0 goto_table=100
flow bridge01 add table=1 priority=2 cookie=0xac1c000000000006 metadata=0x6/0x6 dl_type=0x0800 nw_proto=6 nw_src=10.20.250.10/255.255.255.254 nw_dst=10.20.1.0/255.255.255.0 goto_table=100
flow bridge01 add table=1 priority=2 cookie=0xac1c000000000006 metadata=0x6/0x6 dl_type=0x0800 nw_proto=6 nw_src=10.20.250.10/255.255.255.254 nw_dst=10.20.2.0/255.255.254.0 goto_table=100
flow bridge01 add table=1 priority=2 cookie=0xac1c000000000007 dl_type=0x0800 nw_proto=1 nw_src=10.20.250.10/255.255.255.254 nw_dst=10.20.1.0/255.255.255.0 icmp_type=8 goto_table=100
flow bridge01 add table=1 priority=2 cookie=0xac1c000000000007 dl_type=0x0800 nw_proto=1 nw_src=10.20.250.10/255.255.255.254 nw_dst=10.20.2.0/255.255.254.0 icmp_type=8 goto_table=100
flow bridge01 add table=1 priority=2 cookie=0xac1c000000000008 metadata=0x3/0x7 dl_type=0x0800 nw_proto=6 nw_src=10.20.250.40 nw_dst=10.20.3.0/255.255.255.0 goto_table=100
flow bridge01 add table=1 priority=2 cookie=0xac1c000000000009 dl_type=0x0800 nw_src=10.20.1.0/255.255.255.0 nw_dst=10.20.0.0/255.255.255.240 apply_actions=output:controller
flow bridge01 add table=1 priority=2 cookie=0xac1c000000000009 dl_type=0x0800 nw_src=10.20.1.0/255.255.255.0 nw_dst=10.20.250.10/255.255.255.254 apply_actions=output:controller
flow bridge01 add table=1 priority=2 cookie=0xac1c000000000009 dl_type=0x0800 nw_src=10.20.2.0/255.255.254.0 nw_dst=10.20.0.0/255.255.255.240 apply_actions=output:controller
flow bridge01 add table=1 priority=2 cookie=0xac1c000000000009 dl_type=0x0800 nw_src=10.20.2.0/255.255.254.0 nw_dst=10.20.250.10/255.255.255.254 apply_actions=output:controller
flow bridge01 add table=1 priority=2 cookie=0xac1c00000000000a dl_type=0x86dd ipv6_src=2001:db8:20:1::/ffff:ffff:ffff:ffff:: ipv6_dst=2001:db8:20::/ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0 apply_actions=output:controller
flow bridge01 add table=1 priority=2 cookie=0xac1c00000000000a dl_type=0x86dd ipv6_src=2001:db8:20:2::/ffff:ffff:ffff:ffff:: ipv6_dst=2001:db8:20::/ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0 apply_actions=output:controller
flow bridge01 add table=1 priority=2 cookie=0xac1c00000000000b dl_type=0x0806 goto_table=100
flow bridge01 add table=1 priority=1 cookie=0xac1c000000000000 apply_actions=output:controller
