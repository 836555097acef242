# aclc flows for the Lagopus datastore (startup DSL file, or one line per request)
# acl: office-edge
# target: lagopus
# strategy: multi
# permit: goto_table:100
# tables: 0,1
# entry table: 0
# flows: 84
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=22 write_metadata=0x1/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=25 write_metadata=0x2/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=53 write_metadata=0x3/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=80 write_metadata=0x4/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=443 write_metadata=0x5/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=587 write_metadata=0x6/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 tcp_dst=993 write_metadata=0x7/0x7 goto_table=1
flow bridge01 add table=0 priority=2 cookie=12401787473871503360 dl_type=0x0800 nw_proto=6 write_metadata=0x0/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=17 udp_dst=53 write_metadata=0x1/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=17 udp_dst=123 write_metadata=0x2/0x7 goto_table=1
flow bridge01 add table=0 priority=3 cookie=12401787473871503360 dl_type=0x0800 nw_proto=17 udp_dst=443 write_metadata=0x3/0x7 goto_table=1
flow bridge01 add table=0 priority=2 cookie=12401787473871503360 dl_type=0x0800 nw_proto=17 write_metadata=0x0/0x7 goto_table=1
flow bridge01 add table=0 priority=1 cookie=12401787473871503360 goto_table=1
flow bridge01 add table=1 priority=3 cookie=12401787473871503361 dl_type=0x0800 nw_src=192.168.20.0/255.255.255.0 nw_dst=10.0.0.0/255.0.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503361 dl_type=0x0800 nw_src=192.168.20.0/255.255.255.0 nw_dst=172.16.0.0/255.240.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503361 dl_type=0x0800 nw_src=192.168.20.0/255.255.255.0 nw_dst=192.168.0.0/255.255.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=2 cookie=12401787473871503362 metadata=0x1/0x7 dl_type=0x0800 nw_proto=17 nw_src=192.168.20.0/255.255.255.0 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503363 metadata=0x3/0x7 dl_type=0x0800 nw_proto=6 nw_src=192.168.20.0/255.255.255.0 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503364 metadata=0x4/0x6 dl_type=0x0800 nw_proto=6 nw_src=192.168.20.0/255.255.255.0 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503365 metadata=0x3/0x7 dl_type=0x0800 nw_proto=17 nw_src=192.168.20.0/255.255.255.0 goto_table=100
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.20 nw_dst=0.0.0.0/128.0.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.20 nw_dst=128.0.0.0/192.0.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.20 nw_dst=192.0.0.0/255.128.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.20 nw_dst=192.128.0.0/255.224.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.20 nw_dst=192.160.0.0/255.248.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.20 nw_dst=192.168.0.0/255.255.248.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.20 nw_dst=192.168.8.0/255.255.254.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.20 nw_dst=192.168.11.0/255.255.255.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.20 nw_dst=192.168.12.0/255.255.252.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.20 nw_dst=192.168.16.0/255.255.252.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.20 nw_dst=192.168.21.0/255.255.255.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.20 nw_dst=192.168.22.0/255.255.254.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.20 nw_dst=192.168.24.0/255.255.248.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.20 nw_dst=192.168.32.0/255.255.224.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.20 nw_dst=192.168.64.0/255.255.192.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.20 nw_dst=192.168.128.0/255.255.128.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.20 nw_dst=192.169.0.0/255.255.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.20 nw_dst=192.170.0.0/255.254.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.20 nw_dst=192.172.0.0/255.252.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.20 nw_dst=192.176.0.0/255.240.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.20 nw_dst=192.192.0.0/255.192.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.20 nw_dst=193.0.0.0/255.0.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.20 nw_dst=194.0.0.0/254.0.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.20 nw_dst=196.0.0.0/252.0.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.20 nw_dst=200.0.0.0/248.0.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.20 nw_dst=208.0.0.0/240.0.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.20 nw_dst=224.0.0.0/224.0.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.50 nw_dst=0.0.0.0/128.0.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.50 nw_dst=128.0.0.0/192.0.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.50 nw_dst=192.0.0.0/255.128.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.50 nw_dst=192.128.0.0/255.224.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.50 nw_dst=192.160.0.0/255.248.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.50 nw_dst=192.168.0.0/255.255.248.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.50 nw_dst=192.168.8.0/255.255.254.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.50 nw_dst=192.168.11.0/255.255.255.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.50 nw_dst=192.168.12.0/255.255.252.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.50 nw_dst=192.168.16.0/255.255.252.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.50 nw_dst=192.168.21.0/255.255.255.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.50 nw_dst=192.168.22.0/255.255.254.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.50 nw_dst=192.168.24.0/255.255.248.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.50 nw_dst=192.168.32.0/255.255.224.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.50 nw_dst=192.168.64.0/255.255.192.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.50 nw_dst=192.168.128.0/255.255.128.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.50 nw_dst=192.169.0.0/255.255.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.50 nw_dst=192.170.0.0/255.254.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.50 nw_dst=192.172.0.0/255.252.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.50 nw_dst=192.176.0.0/255.240.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.50 nw_dst=192.192.0.0/255.192.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.50 nw_dst=193.0.0.0/255.0.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.50 nw_dst=194.0.0.0/254.0.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.50 nw_dst=196.0.0.0/252.0.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.50 nw_dst=200.0.0.0/248.0.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.50 nw_dst=208.0.0.0/240.0.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=3 cookie=12401787473871503366 dl_type=0x0800 nw_src=192.168.10.50 nw_dst=224.0.0.0/224.0.0.0 apply_actions=output:controller
flow bridge01 add table=1 priority=2 cookie=12401787473871503367 metadata=0x1/0x7 dl_type=0x0800 nw_proto=17 nw_src=192.168.10.0/255.255.255.0 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503367 metadata=0x3/0x7 dl_type=0x0800 nw_proto=17 nw_src=192.168.10.0/255.255.255.0 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503368 metadata=0x2/0x6 dl_type=0x0800 nw_proto=6 nw_src=192.168.10.0/255.255.255.0 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503368 metadata=0x4/0x4 dl_type=0x0800 nw_proto=6 nw_src=192.168.10.0/255.255.255.0 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503369 metadata=0x1/0x7 dl_type=0x0800 nw_proto=6 nw_src=192.168.10.0/255.255.255.0 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503370 dl_type=0x0800 nw_proto=1 nw_src=192.168.10.0/255.255.255.0 icmp_type=8 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503370 dl_type=0x0800 nw_proto=1 nw_src=192.168.20.0/255.255.255.0 icmp_type=8 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503371 metadata=0x2/0x7 dl_type=0x0800 nw_proto=17 nw_src=192.168.10.0/255.255.255.0 goto_table=100
flow bridge01 add table=1 priority=2 cookie=12401787473871503372 dl_type=0x0806 goto_table=100
flow bridge01 add table=1 priority=1 cookie=12401787473871503360 apply_actions=output:controller
