# aclc flows for the Lagopus datastore (startup DSL file, or one line per request)
# acl: dc-east-west
# target: lagopus
# strategy: exact
# permit: goto_table:100
# tables: 0
# entry table: 0
# flows: 24
flow bridge01 add table=0 priority=2 cookie=12401787473871503361 dl_type=0x0800 nw_proto=6 nw_src=10.20.0.0/255.255.255.240 nw_dst=10.20.1.0/255.255.255.0 tcp_dst=80 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503361 dl_type=0x0800 nw_proto=6 nw_src=10.20.0.0/255.255.255.240 nw_dst=10.20.1.0/255.255.255.0 tcp_dst=443 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503362 dl_type=0x86dd nw_proto=6 tcp_dst=80 ipv6_src=2001:db8:20::/ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0 ipv6_dst=2001:db8:20:1::/ffff:ffff:ffff:ffff:: goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503362 dl_type=0x86dd nw_proto=6 tcp_dst=443 ipv6_src=2001:db8:20::/ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0 ipv6_dst=2001:db8:20:1::/ffff:ffff:ffff:ffff:: goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503363 dl_type=0x0800 nw_proto=6 nw_src=10.20.1.0/255.255.255.0 nw_dst=10.20.2.0/255.255.255.0 tcp_dst=8443 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503364 dl_type=0x86dd nw_proto=6 tcp_dst=8443 ipv6_src=2001:db8:20:1::/ffff:ffff:ffff:ffff:: ipv6_dst=2001:db8:20:2::/ffff:ffff:ffff:ffff:: goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503365 dl_type=0x0800 nw_proto=6 nw_src=10.20.2.0/255.255.255.0 nw_dst=10.20.3.0/255.255.255.128 tcp_dst=5432 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503366 dl_type=0x0800 nw_proto=6 nw_src=10.20.250.10/255.255.255.254 nw_dst=10.20.1.0/255.255.255.0 tcp_dst=8081 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503366 dl_type=0x0800 nw_proto=6 nw_src=10.20.250.10/255.255.255.254 nw_dst=10.20.1.0/255.255.255.0 tcp_dst=9100 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503366 dl_type=0x0800 nw_proto=6 nw_src=10.20.250.10/255.255.255.254 nw_dst=10.20.1.0/255.255.255.0 tcp_dst=9187 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503366 dl_type=0x0800 nw_proto=6 nw_src=10.20.250.10/255.255.255.254 nw_dst=10.20.2.0/255.255.254.0 tcp_dst=8081 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503366 dl_type=0x0800 nw_proto=6 nw_src=10.20.250.10/255.255.255.254 nw_dst=10.20.2.0/255.255.254.0 tcp_dst=9100 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503366 dl_type=0x0800 nw_proto=6 nw_src=10.20.250.10/255.255.255.254 nw_dst=10.20.2.0/255.255.254.0 tcp_dst=9187 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503367 dl_type=0x0800 nw_proto=1 nw_src=10.20.250.10/255.255.255.254 nw_dst=10.20.1.0/255.255.255.0 icmp_type=8 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503367 dl_type=0x0800 nw_proto=1 nw_src=10.20.250.10/255.255.255.254 nw_dst=10.20.2.0/255.255.254.0 icmp_type=8 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503368 dl_type=0x0800 nw_proto=6 nw_src=10.20.250.40 nw_dst=10.20.3.0/255.255.255.0 tcp_dst=5432 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503369 dl_type=0x0800 nw_src=10.20.1.0/255.255.255.0 nw_dst=10.20.0.0/255.255.255.240 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503369 dl_type=0x0800 nw_src=10.20.1.0/255.255.255.0 nw_dst=10.20.250.10/255.255.255.254 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503369 dl_type=0x0800 nw_src=10.20.2.0/255.255.254.0 nw_dst=10.20.0.0/255.255.255.240 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503369 dl_type=0x0800 nw_src=10.20.2.0/255.255.254.0 nw_dst=10.20.250.10/255.255.255.254 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503370 dl_type=0x86dd ipv6_src=2001:db8:20:1::/ffff:ffff:ffff:ffff:: ipv6_dst=2001:db8:20::/ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503370 dl_type=0x86dd ipv6_src=2001:db8:20:2::/ffff:ffff:ffff:ffff:: ipv6_dst=2001:db8:20::/ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0 apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503371 dl_type=0x0806 goto_table=100
flow bridge01 add table=0 priority=1 cookie=12401787473871503360 apply_actions=output:controller
