# aclc flows for the Lagopus datastore (startup DSL file, or one line per request)
# acl: dc-east-west
# target: lagopus
# strategy: multi
# permit: goto_table:100
# tables: 0,1
# entry table: 0
# flows: 35
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=80 write_metadata=0x1/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=443 write_metadata=0x2/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=5432 write_metadata=0x3/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=8081 write_metadata=0x4/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=8443 write_metadata=0x5/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=9100 write_metadata=0x6/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=9187 write_metadata=0x7/0x7 goto_table=1
flow bridge01 add table=0 priority=2 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 write_metadata=0x0/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=80 write_metadata=0x1/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=443 write_metadata=0x2/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=8443 write_metadata=0x3/0x7 goto_table=1
flow bridge01 add table=0 priority=2 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 write_metadata=0x0/0x7 goto_table=1
flow bridge01 add table=0 priority=1 cookie=12401787473871503360 goto_table=1
flow bridge01 add table=1 priority=2 cookie=12401787473871503361 metadata=0x1/0x7 dl_type=0x0800 nw_proto=6 nw_src=10.20.0.0/255.255.255.240 nw_dst=10.20.1.0/255.255.255.0 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503361 metadata=0x2/0x7 dl_type=0x0800 nw_proto=6 nw_src=10.20.0.0/255.255.255.240 nw_dst=10.20.1.0/255.255.255.0 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503362 metadata=0x1/0x7 dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:20::/ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0 ipv6_dst=2001:db8:20:1::/ffff:ffff:ffff:ffff:: goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503362 metadata=0x2/0x7 dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:20::/ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0 ipv6_dst=2001:db8:20:1::/ffff:ffff:ffff:ffff:: goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503363 metadata=0x5/0x7 dl_type=0x0800 nw_proto=6 nw_src=10.20.1.0/255.255.255.0 nw_dst=10.20.2.0/255.255.255.0 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503364 metadata=0x3/0x7 dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:20:1::/ffff:ffff:ffff:ffff:: ipv6_dst=2001:db8:20:2::/ffff:ffff:ffff:ffff:: goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503365 metadata=0x3/0x7 dl_type=0x0800 nw_proto=6 nw_src=10.20.2.0/255.255.255.0 nw_dst=10.20.3.0/255.255.255.128 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503366 metadata=0x4/0x7 dl_type=0x0800 nw_proto=6 nw_src=10.20.250.10/255.255.255.254 nw_dst=10.20.1.0/255.255.255.0 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503366 metadata=0x4/0x7 dl_type=0x0800 nw_proto=6 nw_src=10.20.250.10/255.255.255.254 nw_dst=10.20.2.0/255.255.254.0 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503366 metadata=0x6/0x6 dl_type=0x0800 nw_proto=6 nw_src=10.20.250.10/255.255.255.254 nw_dst=10.20.1.0/255.255.255.0 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503366 metadata=0x6/0x6 dl_type=0x0800 nw_proto=6 nw_src=10.20.250.10/255.255.255.254 nw_dst=10.20.2.0/255.255.254.0 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503367 dl_type=0x0800 nw_proto=1 nw_src=10.20.250.10/255.255.255.254 nw_dst=10.20.1.0/255.255.255.0 icmp_type=8 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503367 dl_type=0x0800 nw_proto=1 nw_src=10.20.250.10/255.255.255.254 nw_dst=10.20.2.0/255.255.254.0 icmp_type=8 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503368 metadata=0x3/0x7 dl_type=0x0800 nw_proto=6 nw_src=10.20.250.40 nw_dst=10.20.3.0/255.255.255.0 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503369 dl_type=0x0800 nw_src=10.20.1.0/255.255.255.0 nw_dst=10.20.0.0/255.255.255.240 apply_actions=output:controller
flow bridge01 add table=1 priority=2 cookie=12401787473871503369 dl_type=0x0800 nw_src=10.20.1.0/255.255.255.0 nw_dst=10.20.250.10/255.255.255.254 apply_actions=output:controller
flow bridge01 add table=1 priority=2 cookie=12401787473871503369 dl_type=0x0800 nw_src=10.20.2.0/255.255.254.0 nw_dst=10.20.0.0/255.255.255.240 apply_actions=output:controller
flow bridge01 add table=1 priority=2 cookie=12401787473871503369 dl_type=0x0800 nw_src=10.20.2.0/255.255.254.0 nw_dst=10.20.250.10/255.255.255.254 apply_actions=output:controller
flow bridge01 add table=1 priority=2 cookie=12401787473871503370 dl_type=0x86dd ipv6_src=2001:db8:20:1::/ffff:ffff:ffff:ffff:: ipv6_dst=2001:db8:20::/ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0 apply_actions=output:controller
flow bridge01 add table=1 priority=2 cookie=12401787473871503370 dl_type=0x86dd ipv6_src=2001:db8:20:2::/ffff:ffff:ffff:ffff:: ipv6_dst=2001:db8:20::/ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0 apply_actions=output:controller
flow bridge01 add table=1 priority=2 cookie=12401787473871503371 dl_type=0x0806 goto_table=100
flow bridge01 add table=1 priority=1 cookie=12401787473871503360 apply_actions=output:controller
