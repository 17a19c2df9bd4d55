/* LD_PRELOAD shim for the CDC benchmark (docs/benchmarks/cdc.md): sets TCP_NODELAY on every TCP
 * socket a process connects. taos 0.12.3 writes each WebSocket frame as two sends (header, then
 * payload) without TCP_NODELAY, so Nagle holds the payload until the server's delayed ACK,
 * ~40 ms per request on loopback; with this, the official consumer's own speed shows. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

int connect(int fd, const struct sockaddr *addr, socklen_t len) {
    static int (*real_connect)(int, const struct sockaddr *, socklen_t);
    if (!real_connect) {
        real_connect = (int (*)(int, const struct sockaddr *, socklen_t))dlsym(RTLD_NEXT, "connect");
    }
    if (addr->sa_family == AF_INET || addr->sa_family == AF_INET6) {
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    return real_connect(fd, addr, len);
}
