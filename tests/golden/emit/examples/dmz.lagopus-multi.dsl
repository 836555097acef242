# aclc flows for the Lagopus datastore (startup DSL file, or one line per request)
# acl: dmz-in
# target: lagopus
# strategy: multi
# permit: goto_table:100
# tables: 0,1
# entry table: 0
# flows: 51
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=22 write_metadata=0x1/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=25 write_metadata=0x2/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=53 write_metadata=0x3/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=80 write_metadata=0x4/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=443 write_metadata=0x5/0x7 goto_table=1
flow bridge01 add table=0 priority=2 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 write_metadata=0x0/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=17 udp_dst=53 write_metadata=0x1/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=17 udp_dst=443 write_metadata=0x2/0x7 goto_table=1
flow bridge01 add table=0 priority=2 cookie=12401787473871503360 dl_type=0x0800 nw_proto=17 write_metadata=0x0/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=22 write_metadata=0x1/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=25 write_metadata=0x2/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=53 write_metadata=0x3/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=80 write_metadata=0x4/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 tcp_dst=443 write_metadata=0x5/0x7 goto_table=1
flow bridge01 add table=0 priority=2 cookie=12401787473871503360 dl_type=0x86dd nw_proto=6 write_metadata=0x0/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=17 udp_dst=53 write_metadata=0x1/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x86dd nw_proto=17 udp_dst=443 write_metadata=0x2/0x7 goto_table=1
flow bridge01 add table=0 priority=2 cookie=12401787473871503360 dl_type=0x86dd nw_proto=17 write_metadata=0x0/0x7 goto_table=1
flow bridge01 add table=0 priority=1 cookie=12401787473871503360 goto_table=1
flow bridge01 add table=1 priority=3 cookie=12401787473871503361 dl_type=0x0800 nw_src=0.0.0.0/255.0.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503361 dl_type=0x0800 nw_src=10.0.0.0/255.0.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503361 dl_type=0x0800 nw_src=127.0.0.0/255.0.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503361 dl_type=0x0800 nw_src=169.254.0.0/255.255.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503361 dl_type=0x0800 nw_src=172.16.0.0/255.240.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503361 dl_type=0x0800 nw_src=192.168.0.0/255.255.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503361 dl_type=0x0800 nw_src=198.51.100.0/255.255.255.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503361 dl_type=0x0800 nw_src=224.0.0.0/224.0.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503362 dl_type=0x86dd ipv6_src=::1 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503362 dl_type=0x86dd ipv6_src=2001:db8:100::/ffff:ffff:ffff:: apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503362 dl_type=0x86dd ipv6_src=fc00::/fe00:: apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503362 dl_type=0x86dd ipv6_src=fe80::/ffc0:: apply_actions=output:controller
flow bridge01 add table=1 priority=2 cookie=12401787473871503363 metadata=0x4/0x4 dl_type=0x0800 nw_proto=6 nw_dst=198.51.100.10/255.255.255.254 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503364 metadata=0x2/0x6 dl_type=0x0800 nw_proto=17 nw_dst=198.51.100.10/255.255.255.254 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503365 metadata=0x4/0x4 dl_type=0x86dd nw_proto=6 ipv6_dst=2001:db8:100::10/ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503366 metadata=0x2/0x6 dl_type=0x86dd nw_proto=17 ipv6_dst=2001:db8:100::10/ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503367 metadata=0x2/0x7 dl_type=0x0800 nw_proto=6 nw_dst=198.51.100.25 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503368 metadata=0x2/0x7 dl_type=0x86dd nw_proto=6 ipv6_dst=2001:db8:100::25 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503369 metadata=0x1/0x7 dl_type=0x0800 nw_proto=17 nw_dst=198.51.100.53 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503370 metadata=0x3/0x7 dl_type=0x0800 nw_proto=6 nw_dst=198.51.100.53 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503371 metadata=0x1/0x7 dl_type=0x86dd nw_proto=17 ipv6_dst=2001:db8:100::53 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503372 metadata=0x3/0x7 dl_type=0x86dd nw_proto=6 ipv6_dst=2001:db8:100::53 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503373 metadata=0x1/0x7 dl_type=0x0800 nw_proto=6 nw_src=203.0.113.0/255.255.255.240 nw_dst=198.51.100.22 apply_actions=output:controller goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503374 metadata=0x1/0x7 dl_type=0x86dd nw_proto=6 ipv6_src=2001:db8:ffff::/ffff:ffff:ffff:: ipv6_dst=2001:db8:100::22 apply_actions=output:controller goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503375 dl_type=0x0800 nw_proto=1 nw_dst=198.51.100.0/255.255.255.0 icmp_type=3 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503376 dl_type=0x86dd nw_proto=58 ipv6_dst=2001:db8:100::/ffff:ffff:ffff:: icmpv6_type=2 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503377 dl_type=0x86dd nw_proto=58 ipv6_dst=2001:db8:100::/ffff:ffff:ffff:: icmpv6_type=135 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503378 dl_type=0x86dd nw_proto=58 ipv6_dst=2001:db8:100::/ffff:ffff:ffff:: icmpv6_type=136 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503379 dl_type=0x86dd nw_proto=58 ipv6_dst=2001:db8:100::/ffff:ffff:ffff:: icmpv6_type=128 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503380 dl_type=0x0800 nw_proto=1 nw_src=203.0.113.0/255.255.255.240 nw_dst=198.51.100.0/255.255.255.0 icmp_type=8 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503381 dl_type=0x0806 goto_table=100
flow bridge01 add table=1 priority=1 cookie=12401787473871503360 apply_actions=output:controller
