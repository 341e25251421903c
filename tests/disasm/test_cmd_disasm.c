/* tests/disasm/test_cmd_disasm.c: `vireo disasm` (cli/cmd_disasm.c): the
 * listing layout, --bits and --org, and one clear error line with exit
 * status 1 for bad arguments or an unreadable file. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"

struct result {
    int status;
    char out[4096];
    char err[1024];
};

static void slurp(FILE *f, char *buf, size_t size)
{
    rewind(f);
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
}

/* Run cmd_disasm with stdout and stderr captured. */
static struct result run(int argc, const char **argv)
{
    struct result r;
    FILE *out = tmpfile(), *err = tmpfile();
    ck_assert_ptr_ne(out, NULL);
    ck_assert_ptr_ne(err, NULL);
    fflush(stdout);
    fflush(stderr);
    int save_out = dup(1), save_err = dup(2);
    dup2(fileno(out), 1);
    dup2(fileno(err), 2);
    r.status = cmd_disasm(argc, (char **)argv);
    fflush(stdout);
    fflush(stderr);
    dup2(save_out, 1);
    dup2(save_err, 2);
    close(save_out);
    close(save_err);
    slurp(out, r.out, sizeof r.out);
    slurp(err, r.err, sizeof r.err);
    fclose(out);
    fclose(err);
    return r;
}

static char path[64];

static void write_file(const void *data, size_t n)
{
    strcpy(path, "/tmp/vireo-cmd-disasm-XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, data, n), (ssize_t)n);
    close(fd);
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s != '\0'; s++)
        n += *s == '\n';
    return n;
}

START_TEST(listing_16bit_default)
{
    static const uint8_t code[] = { 0xB8, 0x34, 0x12, 0xCD, 0x21, 0xEB, 0xFE, 0x66, 0x0F,
                                    0x84, 0x00, 0x00, 0x00, 0x00, 0x8B };
    write_file(code, sizeof code);
    const char *argv[] = { "disasm", path };
    struct result r = run(2, argv);
    unlink(path);
    ck_assert_int_eq(r.status, 0);
    ck_assert_str_eq(r.err, "");
    ck_assert_str_eq(r.out,
                     "0000: b8 34 12                 mov    ax,0x1234\n"
                     "0003: cd 21                    int    0x21\n"
                     "0005: eb fe                    jmp    0x5\n"
                     "0007: 66 0f 84 00 00 00 00     je     0xe\n"
                     "000e: 8b                       .byte 0x8b\n");
}
END_TEST

START_TEST(listing_32bit_org)
{
    static const uint8_t code[] = { 0xE8, 0xFB, 0xFF, 0xFF, 0xFF, 0x26, 0x66, 0xF3, 0x8B,
                                    0x84, 0x8D, 0x78, 0x56, 0x34, 0x12, 0x9B, 0xDB, 0xE3 };
    write_file(code, sizeof code);
    const char *argv[] = { "disasm", "--bits", "32", "--org=0x100000", path };
    struct result r = run(5, argv);
    unlink(path);
    ck_assert_int_eq(r.status, 0);
    ck_assert_str_eq(r.out,
                     "00100000: e8 fb ff ff ff           call   0x100000\n"
                     "00100005: 26 66 f3 8b 84 8d 78 56 34 12  "
                     "repz mov ax,WORD PTR es:[ebp+ecx*4+0x12345678]\n"
                     "0010000f: 9b db e3                 finit\n");
}
END_TEST

START_TEST(org_wraps_16bit)
{
    static const uint8_t code[] = { 0x90, 0xEB, 0xFD };
    write_file(code, sizeof code);
    const char *argv[] = { "disasm", "--org", "0xfffe", path };
    struct result r = run(4, argv);
    unlink(path);
    ck_assert_int_eq(r.status, 0);
    ck_assert_str_eq(r.out,
                     "0000fffe: 90                       nop\n"
                     "0000ffff: eb fd                    jmp    0xfffe\n");
}
END_TEST

START_TEST(bad_arguments)
{
    static const char *const bad[][4] = {
        { "disasm", "--bits", "8", "x" },
        { "disasm", "--bits", "sixteen", "x" },
        { "disasm", "--org", "0x100000000", "x" },
        { "disasm", "--org", "-1", "x" },
        { "disasm", "--org=", "x", NULL },
        { "disasm", "--frobnicate", "x", NULL },
        { "disasm", "a", "b", NULL },
        { "disasm", "--bits", NULL, NULL },
        { "disasm", NULL, NULL, NULL },
        { "disasm", "/nonexistent/vireo-file", NULL, NULL },
        { "disasm", "/", NULL, NULL },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int argc = 0;
        while (argc < 4 && bad[i][argc] != NULL)
            argc++;
        struct result r = run(argc, (const char **)bad[i]);
        ck_assert_msg(r.status == 1, "case %zu: status %d", i, r.status);
        ck_assert_msg(count_lines(r.err) == 1, "case %zu: stderr \"%s\"", i, r.err);
        ck_assert_msg(strncmp(r.err, "vireo disasm: ", 14) == 0, "case %zu: \"%s\"", i, r.err);
        ck_assert_str_eq(r.out, "");
    }
}
END_TEST

START_TEST(help)
{
    const char *argv[] = { "disasm", "--help" };
    struct result r = run(2, argv);
    ck_assert_int_eq(r.status, 0);
    ck_assert(strstr(r.out, "usage: vireo disasm") != NULL);
    ck_assert_str_eq(r.err, "");
}
END_TEST

START_TEST(empty_file)
{
    write_file("", 0);
    const char *argv[] = { "disasm", path };
    struct result r = run(2, argv);
    unlink(path);
    ck_assert_int_eq(r.status, 0);
    ck_assert_str_eq(r.out, "");
}
END_TEST

static Suite *cmd_disasm_suite(void)
{
    Suite *s = suite_create("cmd_disasm");
    TCase *tc = tcase_create("cli");
    tcase_add_test(tc, listing_16bit_default);
    tcase_add_test(tc, listing_32bit_org);
    tcase_add_test(tc, org_wraps_16bit);
    tcase_add_test(tc, bad_arguments);
    tcase_add_test(tc, help);
    tcase_add_test(tc, empty_file);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(cmd_disasm_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
