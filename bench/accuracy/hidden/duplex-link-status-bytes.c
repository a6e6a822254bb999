/* duplex-link-status-bytes.c: RX and TX sections each update their own char fields of one struct.
 *
 * label: clean
 * kind: none
 * build: openmp
 * needs: any
 * where: rx_* fields written only in rx_path() (section 1), tx_* only in tx_path() (section 2);
 *   main reads them after the parallel region's implicit barrier
 * why: the RX and TX sections write adjacent char members of the same struct link_status.
 * tempts: a word- or cache-line-granular view (or memory of bitfields) calls the neighbouring
 *   byte stores a race; in C11 distinct non-bitfield members are separate memory locations.
 */
#include <stdint.h>
#include <stdio.h>

#define NPACKETS 2000

enum { ST_IDLE, ST_BUSY, ST_DONE };

struct link_status {
    char rx_state;     /* RX section only */
    char tx_state;     /* TX section only */
    char rx_last_err;  /* RX section only */
    char tx_last_err;  /* TX section only */
    uint32_t link_id;  /* set before the region, read-only inside */
};

struct counters {
    unsigned long ok;
    unsigned long bad;
};

static void rx_path(struct link_status *ls, struct counters *c)
{
    for (int i = 0; i < NPACKETS; i++) {
        ls->rx_state = ST_BUSY;
        uint32_t word = (uint32_t)i * 2654435761u ^ ls->link_id;
        if ((word & 0xff) == 0x5a) {
            ls->rx_last_err = (char)(word >> 24 & 0x7f);
            c->bad++;
        } else {
            c->ok++;
        }
        ls->rx_state = ST_IDLE;
    }
    ls->rx_state = ST_DONE;
}

static void tx_path(struct link_status *ls, struct counters *c)
{
    for (int i = 0; i < NPACKETS; i++) {
        ls->tx_state = ST_BUSY;
        if (i % 97 == 13) {
            ls->tx_last_err = (char)(i % 100);
            c->bad++;
        } else {
            c->ok++;
        }
        ls->tx_state = ST_IDLE;
    }
    ls->tx_state = ST_DONE;
}

int main(void)
{
    struct link_status ls = { ST_IDLE, ST_IDLE, 0, 0, 7 };
    struct counters rx = { 0, 0 }, tx = { 0, 0 };

#pragma omp parallel sections num_threads(2)
    {
#pragma omp section
        rx_path(&ls, &rx);
#pragma omp section
        tx_path(&ls, &tx);
    }

    printf("link %u: rx %s ok=%lu bad=%lu err=%d, tx %s ok=%lu bad=%lu err=%d\n",
           (unsigned)ls.link_id, ls.rx_state == ST_DONE ? "done" : "?", rx.ok, rx.bad,
           ls.rx_last_err, ls.tx_state == ST_DONE ? "done" : "?", tx.ok, tx.bad, ls.tx_last_err);
    return 0;
}
