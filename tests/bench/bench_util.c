/* bench_util.c — see bench_util.h. */
#include "bench_util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

double bench_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int bench_env_int(const char *name, int def, int lo, int hi)
{
	const char *s = getenv(name);
	if (!s || !*s)
		return def;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || v < lo || v > hi) {
		fprintf(stderr, "%s=%s: a whole number from %d to %d\n", name, s, lo, hi);
		exit(2);
	}
	return (int)v;
}

unsigned bench_pick(uint64_t *state, unsigned n)
{
	uint64_t x = *state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return (unsigned)((x * 0x2545F4914F6CDD1DULL) >> 33) % n;
}

int bench_run(const char *bin, const char *const args[], const char *out_path)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		const char *argv[24];
		int n = 0;
		argv[n++] = bin;
		for (int k = 0; args[k] && n < 23; k++)
			argv[n++] = args[k];
		argv[n] = NULL;
		int fd = open(out_path ? out_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0)
			_exit(126);
		dup2(fd, 1);
		if (out_path)
			dup2(fd, 2);
		close(fd);
		setenv("MAMORI_LANG", "ja", 1);
		setenv("LANG", "C.UTF-8", 1);
		execv(bin, (char *const *)argv);
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
