/*
 * Gratuitous ARP, so switches and neighbours learn where the VIP now is.
 */
#ifndef VRRP_ARP_H
#define VRRP_ARP_H

#include <stddef.h>
#include <stdint.h>

#define VRRP_ARP_LEN 28   /* ARP payload for Ethernet/IPv4 */

/* Builds the gratuitous ARP request announcing <vip> (network order) at
 * <mac>: sender and target protocol address both <vip>, as keepalived
 * sends it. Returns VRRP_ARP_LEN; <buf> must hold that many bytes.
 */
size_t vrrp_arp_build(uint8_t *buf, const uint8_t mac[6], uint32_t vip);

/* Opens an AF_PACKET socket for ARP on <ifindex> and reads the interface
 * MAC of <ifname> into <mac>. Returns the descriptor or -errno with <err>.
 */
int vrrp_arp_open(const char *ifname, int ifindex, uint8_t mac[6], char *err,
                  size_t errlen);

/* Reads the MAC address of <ifname> through the socket <fd>. Returns 0 or
 * -errno with <err>.
 */
int vrrp_arp_mac(int fd, const char *ifname, uint8_t mac[6], char *err,
                 size_t errlen);

/* Broadcasts the frame built by vrrp_arp_build() for <vip>. Returns 0 or
 * -errno.
 */
int vrrp_arp_send(int fd, int ifindex, const uint8_t mac[6], uint32_t vip);

#endif
