/*
 * peak.c — runs a command and reports its wall-clock time and peak resident
 * memory, for the benchmark: `peak CMD ARGS...` prints "SECONDS PEAK_KB" on
 * stderr and exits with the command's status. Uses wait4's rusage, so no
 * package beyond libc is needed.
 */
#define _DEFAULT_SOURCE /* wait4 */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs("usage: peak COMMAND [ARGS...]\n", stderr);
		return 2;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0) {
		perror("peak: fork");
		return 3;
	}
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		perror("peak: exec");
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("peak: wait4");
		return 3;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	fprintf(stderr, "%.3f %ld\n", secs, ru.ru_maxrss);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 3;
}
