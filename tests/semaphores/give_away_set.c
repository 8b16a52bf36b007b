/*
 * give_away_set.c - test helper for sysv_sem_lock.sh: as a hostile user
 * would, create a semaphore set under KEY (mode 0600, value 1) and give it
 * to UID with IPC_SET. The creator keeps the owner's rights (man 2 semctl:
 * the caller must be the owner or the creator), so the set looks like
 * UID's alone while its creator can still post it, read it, or remove it.
 * Usage: give_away_set KEY UID
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/sem.h>

union semun { int val; struct semid_ds *buf; unsigned short *array; };

int main(int argc, char *argv[])
{
    struct semid_ds info;
    union semun arg;

    if (argc != 3) {
        fprintf(stderr, "usage: give_away_set KEY UID\n");
        return 2;
    }
    int semid = semget((key_t)strtol(argv[1], NULL, 0), 1, IPC_CREAT | IPC_EXCL | 0600);
    if (semid == -1) {
        perror("semget");
        return 1;
    }
    arg.val = 1;
    if (semctl(semid, 0, SETVAL, arg) == -1) {
        perror("semctl SETVAL");
        return 1;
    }
    arg.buf = &info;
    if (semctl(semid, 0, IPC_STAT, arg) == -1) {
        perror("semctl IPC_STAT");
        return 1;
    }
    info.sem_perm.uid = (uid_t)strtol(argv[2], NULL, 10);
    if (semctl(semid, 0, IPC_SET, arg) == -1) {
        perror("semctl IPC_SET");
        return 1;
    }
    printf("set %d given to uid %s\n", semid, argv[2]);
    return 0;
}
