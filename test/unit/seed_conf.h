/*
 * The seed's keepalived.conf for node1, verbatim (no indentation, as
 * published) except interface and address, shared by the config tests.
 * Line numbers matter to them.
 */
#ifndef VRRP_TEST_SEED_CONF_H
#define VRRP_TEST_SEED_CONF_H

static const char seed_node1[] =
	"! Configuration File for keepalived\n"                            /*  1 */
	"\n"
	"global_defs {\n"                                                   /*  3 */
	"router_id k8s\n"
	"}\n"
	"\n"
	"vrrp_script check_haproxy {\n"                                     /*  7 */
	"script \"/usr/local/keepalived/etc/keepalived/scripts/haproxy_check.sh\"\n"
	"interval 2\n"
	"weight -100\n"
	"fall 3\n"
	"rise 2\n"
	"}\n"
	"\n"
	"vrrp_instance VI_1 {\n"                                            /* 15 */
	"state MASTER\n"
	"interface n1eth\n"
	"virtual_router_id 51\n"
	"priority 250\n"                                                    /* 19 */
	"advert_int 1\n"
	"\n"
	"authentication {\n"                                                /* 22 */
	"auth_type PASS\n"
	"auth_pass ceb1b3ec013d66163d6ab\n"                                 /* 24 */
	"}\n"
	"\n"
	"virtual_ipaddress {\n"                                             /* 27 */
	"192.0.2.100\n"                                                     /* 28 */
	"}\n"
	"\n"
	"track_script {\n"                                                  /* 31 */
	"check_haproxy\n"                                                   /* 32 */
	"}\n"
	"}\n";

#endif
