# aclc flows for the Lagopus datastore (startup DSL file, or one line per request)
# acl: dmz-in
# target: lagopus
# strategy: exact
# permit: goto_table:100
# tables: 0
# entry table: 0
# flows: 34
flow bridge01 add table=0 priority=3 cookie=12401787473871503361 dl_type=0x0800 nw_src=0.0.0.0/255.0.0.0 apply_actions=output:controller
flow bridge01 add table=0 priority=3 cookie=12401787473871503361 dl_type=0x0800 nw_src=10.0.0.0/255.0.0.0 apply_actions=output:controller
flow bridge01 add table=0 priority=3 cookie=12401787473871503361 dl_type=0x0800 nw_src=127.0.0.0/255.0.0.0 apply_actions=output:controller
flow bridge01 add table=0 priority=3 cookie=12401787473871503361 dl_type=0x0800 nw_src=169.254.0.0/255.255.0.0 apply_actions=output:controller
flow bridge01 add table=0 priority=3 cookie=12401787473871503361 dl_type=0x0800 nw_src=172.16.0.0/255.240.0.0 apply_actions=output:controller
flow bridge01 add table=0 priority=3 cookie=12401787473871503361 dl_type=0x0800 nw_src=192.168.0.0/255.255.0.0 apply_actions=output:controller
flow bridge01 add table=0 priority=3 cookie=12401787473871503361 dl_type=0x0800 nw_src=198.51.100.0/255.255.255.0 apply_actions=output:controller
flow bridge01 add table=0 priority=3 cookie=12401787473871503361 dl_type=0x0800 nw_src=224.0.0.0/224.0.0.0 apply_actions=output:controller
flow bridge01 add table=0 priority=3 cookie=12401787473871503362 dl_type=0x86dd ipv6_src=::1 apply_actions=output:controller
flow bridge01 add table=0 priority=3 cookie=12401787473871503362 dl_type=0x86dd ipv6_src=2001:db8:100::/ffff:ffff:ffff:: apply_actions=output:controller
flow bridge01 add table=0 priority=3 cookie=12401787473871503362 dl_type=0x86dd ipv6_src=fc00::/fe00:: apply_actions=output:controller
flow bridge01 add table=0 priority=3 cookie=12401787473871503362 dl_type=0x86dd ipv6_src=fe80::/ffc0:: apply_actions=output:controller
flow bridge01 add table=0 priority=2 cookie=12401787473871503363 dl_type=0x0800 nw_proto=6 nw_dst=198.51.100.10/255.255.255.254 tcp_dst=80 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503363 dl_type=0x0800 nw_proto=6 nw_dst=198.51.100.10/255.255.255.254 tcp_dst=443 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503364 dl_type=0x0800 nw_proto=17 nw_dst=198.51.100.10/255.255.255.254 udp_dst=443 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503365 dl_type=0x86dd nw_proto=6 tcp_dst=80 ipv6_dst=2001:db8:100::10/ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503365 dl_type=0x86dd nw_proto=6 tcp_dst=443 ipv6_dst=2001:db8:100::10/ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503366 dl_type=0x86dd nw_proto=17 udp_dst=443 ipv6_dst=2001:db8:100::10/ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503367 dl_type=0x0800 nw_proto=6 nw_dst=198.51.100.25 tcp_dst=25 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503368 dl_type=0x86dd nw_proto=6 tcp_dst=25 ipv6_dst=2001:db8:100::25 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503369 dl_type=0x0800 nw_proto=17 nw_dst=198.51.100.53 udp_dst=53 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503370 dl_type=0x0800 nw_proto=6 nw_dst=198.51.100.53 tcp_dst=53 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503371 dl_type=0x86dd nw_proto=17 udp_dst=53 ipv6_dst=2001:db8:100::53 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503372 dl_type=0x86dd nw_proto=6 tcp_dst=53 ipv6_dst=2001:db8:100::53 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503373 dl_type=0x0800 nw_proto=6 nw_src=203.0.113.0/255.255.255.240 nw_dst=198.51.100.22 tcp_dst=22 apply_actions=output:controller goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503374 dl_type=0x86dd nw_proto=6 tcp_dst=22 ipv6_src=2001:db8:ffff::/ffff:ffff:ffff:: ipv6_dst=2001:db8:100::22 apply_actions=output:controller goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503375 dl_type=0x0800 nw_proto=1 nw_dst=198.51.100.0/255.255.255.0 icmp_type=3 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503376 dl_type=0x86dd nw_proto=58 ipv6_dst=2001:db8:100::/ffff:ffff:ffff:: icmpv6_type=2 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503377 dl_type=0x86dd nw_proto=58 ipv6_dst=2001:db8:100::/ffff:ffff:ffff:: icmpv6_type=135 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503378 dl_type=0x86dd nw_proto=58 ipv6_dst=2001:db8:100::/ffff:ffff:ffff:: icmpv6_type=136 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503379 dl_type=0x86dd nw_proto=58 ipv6_dst=2001:db8:100::/ffff:ffff:ffff:: icmpv6_type=128 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503380 dl_type=0x0800 nw_proto=1 nw_src=203.0.113.0/255.255.255.240 nw_dst=198.51.100.0/255.255.255.0 icmp_type=8 goto_table=100
flow bridge01 add table=0 priority=2 cookie=12401787473871503381 dl_type=0x0806 goto_table=100
flow bridge01 add table=0 priority=1 cookie=12401787473871503360 apply_actions=output:controller
