#ifdef __linux__
#define _GNU_SOURCE
#endif
#include "CThreads.h"

#include <pthread.h>
#ifdef __linux__
#include <sched.h>
#endif

int clinicode_thread_start(void *(*body)(void *), void *context, size_t stack_size, uintptr_t *thread) {
    pthread_attr_t attributes;
    int status = pthread_attr_init(&attributes);
    if (status != 0) return status;
    pthread_attr_setstacksize(&attributes, stack_size);
#ifdef __linux__
    cpu_set_t allowed, elsewhere;
    int here = sched_getcpu();
    int placed = 0;
    if (here >= 0 && here < CPU_SETSIZE && sched_getaffinity(0, sizeof allowed, &allowed) == 0
        && CPU_ISSET(here, &allowed) && CPU_COUNT(&allowed) > 1) {
        elsewhere = allowed;
        CPU_CLR(here, &elsewhere);
        placed = pthread_attr_setaffinity_np(&attributes, sizeof elsewhere, &elsewhere) == 0;
    }
#endif
    pthread_t started;
    status = pthread_create(&started, &attributes, body, context);
    pthread_attr_destroy(&attributes);
    if (status != 0) return status;
#ifdef __linux__
    // The thread is queued on its processor by now; widening its set moves
    // it nowhere, and lets the kernel balance it from then on.
    if (placed) pthread_setaffinity_np(started, sizeof allowed, &allowed);
#endif
    *thread = (uintptr_t)started;
    return 0;
}

void clinicode_thread_join(uintptr_t thread) {
    pthread_join((pthread_t)thread, NULL);
}
