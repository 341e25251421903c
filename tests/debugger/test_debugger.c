/* tests/debugger/test_debugger.c: scripted sessions of the built-in
 * debugger on the test guest (tests/debugger/guest.asm): breakpoints of
 * every kind, stepping, the state and table displays, symbols,
 * expressions, determinism against a free run, and bad input. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "tests/debugger/dbgrig.h"

/* Addresses in the guest (see `readelf -s tests/debugger/guest.elf`). */
#define STAGE2 0x7e00u
#define CALL_FUNC1 0x7e06u      /* call func1, after the COUNTER write */
#define AFTER_FUNC1 0x7e09u
#define FUNC1_RET 0x7e2fu
#define FUNC2_BODY 0x7e34u

static void boot_to_7c00(struct dbgrig *r)
{
    RIG_EXPECT(r, "vb 0:0x7c00", "Breakpoint 1: vb 0000:00007c00");
    RIG_EXPECT(r, "c", "Breakpoint 1 (vb 0000:00007c00), hit 1 time");
    ck_assert_str_eq(strstr(r->last, "0000:7c00 (0x00007c00):"), strstr(r->last, "0000:7c00"));
    ck_assert_uint_eq(r->m->cpu->eip, 0x7c00);
    ck_assert_uint_eq(r->m->cpu->seg[SEG_CS].sel, 0);
}

/* Run to the end; the guest powers off. */
static void run_to_end(struct dbgrig *r)
{
    RIG_EXPECT(r, "c", "The guest ended the run: the guest powered the machine off");
    ck_assert_int_eq(r->rc, DBG_ENDED);
}

START_TEST(break_at_7c00_and_step)
{
    struct dbgrig r;
    rig_open(&r);
    RIG_EXPECT(&r, "r", "eip: 0x0000fff0");
    boot_to_7c00(&r);
    RIG_EXPECT(&r, "s", "0000:7c01 (0x00007c01): 31c0               xor    ax,ax");
    RIG_EXPECT(&r, "s 3", "0000:7c07 (0x00007c07): 8ed0               mov    ss,ax");
    ck_assert_uint_eq(r.m->cpu->eip, 0x7c07);
    RIG_EXPECT(&r, "r", "eip: 0x00007c07  eflags: 0x00000046 [ ZF PF ]");  /* after CLI */
    ck_assert_str_eq(rig_cmd(&r, "x /4bx 0x7c00"), "0x00007c00:\t0xfa\t0x31\t0xc0\t0x8e\n");
    ck_assert_str_eq(rig_cmd(&r, "xp /2hx 0x7dfe"), "0x00007dfe:\t0xaa55\t0x0000\n");
    RIG_EXPECT(&r, "x /1wd 0x7c00", "0x00007c00:\t-1900006918");
    RIG_EXPECT(&r, "u 0:0x7c00 2", "0x00007c00: fa                 cli\n"
                                   "0x00007c01: 31c0               xor    ax,ax\n");
    RIG_EXPECT(&r, "blist", "1    y    1     vb 0000:00007c00");
    run_to_end(&r);
    rig_close(&r);
}
END_TEST

START_TEST(watch_io_and_interrupt_breakpoints)
{
    struct dbgrig r;
    rig_open(&r);
    boot_to_7c00(&r);
    RIG_EXPECT(&r, "watch w 0x600 2", "Watchpoint 2: watch w 0x00000600 len 2");
    RIG_EXPECT(&r, "iob out 0x80", "I/O breakpoint 3: iob out 0x0080");
    RIG_EXPECT(&r, "intb 0x10 ah=0x0e", "Interrupt breakpoint 4: intb 0x10 ah=0x0e soft");
    RIG_EXPECT(&r, "watch r 0x600 2", "Watchpoint 5: watch r 0x00000600 len 2");
    RIG_EXPECT(&r, "c", "Watchpoint 2 (watch w 0x00000600 len 2), hit 1 time: write of 2 bytes, "
                        "value 0x1234, at linear 0x00000600 (physical 0x00000600) by the "
                        "instruction at 0000:00007e00");
    ck_assert_uint_eq(r.m->cpu->eip, CALL_FUNC1);      /* stopped after the write */
    RIG_EXPECT(&r, "c", "Watchpoint 5 (watch r 0x00000600 len 2), hit 1 time: read of 2 bytes, "
                        "value 0x1234");
    RIG_EXPECT(&r, "c", "I/O breakpoint 3 (iob out 0x0080), hit 1 time: out to port 0x0080, "
                        "1 byte, value 0x42, by the instruction at 0000:00007e0b");
    RIG_EXPECT(&r, "c", "Interrupt breakpoint 4 (intb 0x10 ah=0x0e soft), hit 1 time: software "
                        "interrupt 0x10 (AH=0x0e AL=0x56) at 0000:00007e14");
    /* Stopped at the handler's first instruction: the IVT's vector 10h. */
    RIG_EXPECT(&r, "info ivt 0x10", "INT 0x10: f000:f065");
    ck_assert_uint_eq(r.m->cpu->seg[SEG_CS].base + r.m->cpu->eip, 0xff065);
    RIG_EXPECT(&r, "finish", "Returned from the frame (finish)");
    ck_assert_uint_eq(r.m->cpu->eip, 0x7e16);
    run_to_end(&r);
    rig_close(&r);
}
END_TEST

START_TEST(protected_mode_tables_and_paging)
{
    struct dbgrig r;
    rig_open(&r);
    RIG_EXPECT(&r, "modebp", "Mode-change break is on");
    RIG_EXPECT(&r, "c", "Mode change 1 (modebp (mode or paging changes)), hit 1 time: real mode, "
                        "paging off -> protected mode, paging off");
    RIG_EXPECT(&r, "c", "protected mode, paging off -> protected mode, paging on");
    RIG_EXPECT(&r, "info gdt", "GDT[0x01] sel 0x0008  00cf9b00 0000ffff  base=0x00000000 "
                               "limit=0xffffffff  code execute/read accessed, DPL 0, 32-bit, "
                               "4K-granular");
    ck_assert_int_eq(rig_count_lines(r.last, "GDT["), 4);
    RIG_EXPECT(&r, "info gdt 3", "GDT[0x03] sel 0x0018  00008b01 30000067  base=0x00013000 "
                                 "limit=0x00000067  busy 32-bit TSS, DPL 0");
    RIG_EXPECT(&r, "sreg", "cs:  0x0008  base=0x00000000 limit=0xffffffff attr=0xc09b  code "
                           "execute/read accessed, DPL 0, 32-bit, 4K-granular");
    ck_assert_ptr_nonnull(strstr(r.last, "tr:  0x0018  base=0x00013000 limit=0x00000067 "
                                         "attr=0x008b  busy 32-bit TSS, DPL 0"));
    RIG_EXPECT(&r, "creg", "cr3: 0x00010000 (page directory at 0x00010000)");
    ck_assert_str_eq(rig_cmd(&r, "info tab"),
                     "0x00000000-0x003fffff -> 0x00000000-0x003fffff  RW S\n"
                     "0x00400000-0x00400fff -> 0x00200000-0x00200fff  RW U\n"
                     "0x00401000-0x00401fff -> 0x00201000-0x00201fff  RO U\n");
    RIG_EXPECT(&r, "page 0x401004", "  PTE at 0x00012004 = 0x00201005  P RO U\n"
                                    "  physical 0x00201004 (4 KiB page)\n"
                                    "  supervisor read   ok\n"
                                    "  supervisor write  ok\n"
                                    "  user read         ok\n"
                                    "  user write        #PF(0x7): user write to a read-only page");
    RIG_EXPECT(&r, "page 0x402000", "  supervisor read   #PF(0x0): the PTE is not present");
    RIG_EXPECT(&r, "page 0x800000", "  user write        #PF(0x6): the PDE is not present");
    RIG_EXPECT(&r, "lwatch w 0x400000 4", "Watchpoint 2: lwatch w 0x00400000 len 4");
    RIG_EXPECT(&r, "c", "write of 4 bytes, value 0xcafebabe, at linear 0x00400000 (physical "
                        "0x00200000) by the instruction at 0008:00007f59");
    /* Linear and physical views of the same bytes, and the TLB now has it. */
    ck_assert_str_eq(rig_cmd(&r, "x /2wx 0x400000"), "0x00400000:\t0xcafebabe\t0x00000000\n");
    ck_assert_str_eq(rig_cmd(&r, "xp /2wx 0x200000"), "0x00200000:\t0xcafebabe\t0x00000000\n");
    RIG_EXPECT(&r, "info tlb", "  0x00400000 -> 0x00200000");
    RIG_EXPECT(&r, "intb 6", "Interrupt breakpoint 3: intb 0x06");
    RIG_EXPECT(&r, "c", "exception 0x06 at 0008:00007f68");
    RIG_EXPECT(&r, "info idt 6", "IDT[0x06]  00008e00 00087fa4  0008:00007fa4  32-bit "
                                 "interrupt gate, DPL 0");
    RIG_EXPECT(&r, "taskbp on", "Task-switch break is on");
    RIG_EXPECT(&r, "c", "Task switch 4 (taskbp (task switches)), hit 1 time: TR 0x0018 -> 0x0020");
    RIG_EXPECT(&r, "info tss", "TR 0x0020: 32-bit TSS at linear 0x00013100, limit 0x67, busy");
    RIG_EXPECT(&r, "c", "TR 0x0020 -> 0x0018");
    RIG_OK(&r, "d all");
    run_to_end(&r);
    rig_close(&r);
}
END_TEST

START_TEST(symbols_backtrace_next_finish)
{
    struct dbgrig r;
    char path[1024];
    char cmd[1100];
    rig_open(&r);
    snprintf(cmd, sizeof cmd, "ldsym %s", rig_path(path, sizeof path, "guest.elf"));
    RIG_EXPECT(&r, cmd, "Loaded 36 symbols");
    RIG_EXPECT(&r, "? func2_body", "0x7e34 32308 <func2_body>");
    RIG_EXPECT(&r, "? func2_body + 1", "<func2_body+0x1>");
    RIG_EXPECT(&r, "lb func2_body", "Breakpoint 1: lb 0x00007e34 <func2_body>");
    RIG_EXPECT(&r, "c", "0000:7e34 (0x00007e34) <func2_body>: a10006");
    ck_assert_str_eq(rig_cmd(&r, "bt"), "#0  0x00007e34 <func2_body>\n"
                                        "#1  0x00007e2f <func1_ret>  (frame at bp 0x7bf8)\n"
                                        "#2  0x00007e09 <after_func1>  (frame at bp 0x7bfc)\n");
    ck_assert_str_eq(rig_cmd(&r, "print-stack 3"), "Stack at 0000:7bf8 (16-bit):\n"
                                                   "  0000:7bf8 (0x00007bf8): 0x7bfc\n"
                                                   "  0000:7bfa (0x00007bfa): 0x7e2f <func1_ret>\n"
                                                   "  0000:7bfc (0x00007bfc): 0x0000\n");
    RIG_EXPECT(&r, "finish", "0000:7e2f (0x00007e2f) <func1_ret>: 5d");
    RIG_EXPECT(&r, "u func2 2", "<func2>:\n0x00007e31 <func2>: 55                 push   bp\n");
    rig_close(&r);

    /* n over the call runs func1 and func2 and stops after the call. */
    rig_open(&r);
    RIG_EXPECT(&r, "lb 0x7e06", "Breakpoint 1");
    RIG_EXPECT(&r, "c", "call   0x7e29");
    uint64_t before = r.m->cpu->icount;
    RIG_EXPECT(&r, "n", "0000:7e09 (0x00007e09): b042");
    ck_assert_uint_eq(r.m->cpu->icount - before, 12);   /* call, 3 + 6 + 2 in the callees */
    /* s steps into it instead. */
    rig_close(&r);
    rig_open(&r);
    RIG_EXPECT(&r, "lb 0x7e06", "Breakpoint 1");
    RIG_EXPECT(&r, "c", "call");
    RIG_EXPECT(&r, "s", "0000:7e29 (0x00007e29): 55");
    rig_close(&r);

    /* A text symbol file, with an offset. */
    char tmp[] = "/tmp/vireo-syms-XXXXXX";
    int fd = mkstemp(tmp);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, "# comment\n7c00 boot_start\n0x10 small\n", 37), 37);
    close(fd);
    rig_open(&r);
    snprintf(cmd, sizeof cmd, "ldsym %s 0x100", tmp);
    RIG_EXPECT(&r, cmd, "Loaded 2 symbols");
    RIG_EXPECT(&r, "? boot_start", "0x7d00 32000 <boot_start>");
    RIG_EXPECT(&r, "info symbols boot", "0x00007d00 boot_start\n1 of 2 symbols.");
    rig_close(&r);
    unlink(tmp);
}
END_TEST

START_TEST(expressions_and_set)
{
    struct dbgrig r;
    rig_open(&r);
    boot_to_7c00(&r);
    RIG_EXPECT(&r, "? 1 + 2 * 3", "0x7 7");
    RIG_EXPECT(&r, "? (1 << 4) | 1", "0x11 17");
    RIG_EXPECT(&r, "? 0x10 == 16 && !0", "0x1 1");
    RIG_EXPECT(&r, "? -1", "0xffffffffffffffff");
    RIG_EXPECT(&r, "? 'A' + 0b11 + 0o10", "0x4c 76");
    RIG_EXPECT(&r, "? byte[0:0x7c00]", "0xfa 250");
    RIG_EXPECT(&r, "? word[0x7dfe]", "0xaa55");
    RIG_EXPECT(&r, "? [cs:ip] & 0xff", "0xfa");
    RIG_EXPECT(&r, "? *0x7c00 == dword[0x7c00]", "0x1 1");
    RIG_EXPECT(&r, "? ip + cs * 16", "0x7c00");
    RIG_OK(&r, "set eax = 0x12345678");
    RIG_OK(&r, "set ah = 0xab");
    RIG_EXPECT(&r, "? eax", "0x1234ab78");
    RIG_EXPECT(&r, "? al + ah", "0x123");
    RIG_OK(&r, "set zf = 0");
    RIG_EXPECT(&r, "? zf", "0x0 0");
    RIG_OK(&r, "set byte [0x600] = 0x55");
    RIG_OK(&r, "setpmem 0x601 1 0x66");
    ck_assert_str_eq(rig_cmd(&r, "xp /2bx 0x600"), "0x00000600:\t0x55\t0x66\n");
    RIG_OK(&r, "set eip = 0x7c01");
    RIG_EXPECT(&r, "s", "0000:7c03");           /* ran xor ax, ax */
    ck_assert_uint_eq(r.m->cpu->gpr[REG_EAX], 0x12340000);
    rig_close(&r);
}
END_TEST

START_TEST(conditions_ignore_and_enable)
{
    struct dbgrig r;
    rig_open(&r);
    /* func2_body runs once, with AX = 0x7e00 - a condition that is false
     * lets the run go to the end. */
    RIG_EXPECT(&r, "lb 0x7e34 if ax == 0x9999", "Breakpoint 1: lb 0x00007e34 if ax == 0x9999");
    RIG_EXPECT(&r, "lb 0x7e37 if word[0x600] == 0x1234", "Breakpoint 2");
    RIG_EXPECT(&r, "c", "Breakpoint 2 (lb 0x00007e37), hit 1 time");
    RIG_EXPECT(&r, "blist", "1    y    0     lb 0x00007e34 if ax == 0x9999");
    rig_close(&r);

    rig_open(&r);
    RIG_EXPECT(&r, "lb 0x7e34", "Breakpoint 1");
    RIG_EXPECT(&r, "ignore 1 1", "the next 1 hits are ignored");
    RIG_EXPECT(&r, "iob out 0x80", "I/O breakpoint 2");
    RIG_OK(&r, "bpd 2");
    run_to_end(&r);                             /* ignored once, disabled, no other hit */
    RIG_EXPECT(&r, "blist", "1    y    0     lb 0x00007e34");
    ck_assert_ptr_nonnull(strstr(r.last, "2    n    0     iob out 0x0080"));
    rig_close(&r);
}
END_TEST

/* Run to instruction count `at` under a debugger: with a breakpoint that
 * never hits (every instruction on the step path) or without. */
static void run_to_icount(struct dbgrig *r, uint64_t at, bool step_path)
{
    char cmd[64];
    rig_open(r);
    if (step_path)
        RIG_EXPECT(r, "lb 0xfffff000", "Breakpoint 1");
    snprintf(cmd, sizeof cmd, "icb %llu", (unsigned long long)at);
    RIG_EXPECT(r, cmd, "Instruction-count breakpoint");
    RIG_EXPECT(r, "c", "Instruction count reached");
    ck_assert_uint_eq(r->m->cpu->icount, at);
}

static void assert_same_state(const struct cpu *a, const struct cpu *b)
{
    ck_assert_mem_eq(a->gpr, b->gpr, sizeof a->gpr);
    ck_assert_uint_eq(a->eip, b->eip);
    ck_assert_uint_eq(cpu_get_eflags((struct cpu *)a), cpu_get_eflags((struct cpu *)b));
    for (unsigned i = 0; i < SEG_COUNT; i++)
        ck_assert_uint_eq(a->seg[i].sel, b->seg[i].sel);
    ck_assert_uint_eq(a->cr0, b->cr0);
    ck_assert_uint_eq(a->icount, b->icount);
}

/* The debugger changes nothing the guest sees: the state at an
 * instruction count is that of a free run, whether every instruction goes
 * through the step path (a breakpoint that never hits) or none does, at
 * points spread over the BIOS's interrupt-driven waits (timer, 8042), the
 * boot sector and protected mode; and it is the same every time. */
START_TEST(debugger_changes_nothing)
{
    static const uint64_t points[] = { 32771, 65537, 100003, 110007, 121879, 124229 };
    for (size_t i = 0; i < sizeof points / sizeof points[0]; i++) {
        struct machine_config cfg;
        struct emu_err err = { 0 };
        rig_machine_config(&cfg);
        struct machine *free_run = machine_create(&cfg, &err);
        ck_assert_ptr_nonnull(free_run);
        while (free_run->cpu->icount < points[i])
            ck_assert_int_eq(machine_run(free_run, points[i] - free_run->cpu->icount), STOP_NONE);
        struct dbgrig a, b, c;
        run_to_icount(&a, points[i], false);
        run_to_icount(&b, points[i], true);
        run_to_icount(&c, points[i], true);
        assert_same_state(free_run->cpu, a.m->cpu);
        assert_same_state(a.m->cpu, b.m->cpu);
        assert_same_state(b.m->cpu, c.m->cpu);
        ck_assert(machine_seconds(free_run) == machine_seconds(b.m));
        machine_destroy(free_run);
        rig_close(&a);
        rig_close(&b);
        rig_close(&c);
    }
}
END_TEST

START_TEST(trace_and_source)
{
    struct dbgrig r;
    char log[] = "/tmp/vireo-trace-XXXXXX", script[] = "/tmp/vireo-script-XXXXXX";
    int fd = mkstemp(log);
    ck_assert_int_ge(fd, 0);
    close(fd);
    fd = mkstemp(script);
    ck_assert_int_ge(fd, 0);
    const char *cmds = "vb 0:0x7c00\nc\n# a comment\nbogus\ns 2\n";
    ck_assert_int_eq(write(fd, cmds, strlen(cmds)), (ssize_t)strlen(cmds));
    close(fd);
    rig_open(&r);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "source %s", script);
    const char *out = rig_cmd(&r, cmd);
    ck_assert_ptr_nonnull(strstr(out, "<vireo:0> vb 0:0x7c00\n"));
    ck_assert_ptr_nonnull(strstr(out, "error: unknown command 'bogus'"));
    ck_assert_uint_eq(r.m->cpu->eip, 0x7c03);  /* the script went on after the error */
    snprintf(cmd, sizeof cmd, "trace on %s", log);
    RIG_EXPECT(&r, cmd, "Tracing every instruction to");
    RIG_EXPECT(&r, "s 4", "0000:7c0c");         /* MOV SP runs in MOV SS's shadow */
    RIG_EXPECT(&r, "trace off", "Tracing off");
    FILE *f = fopen(log, "r");
    ck_assert_ptr_nonnull(f);
    char line[256];
    int n = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        if (n == 0)
            ck_assert_ptr_nonnull(strstr(line, " 0000:7c03 0x00007c03 8ed8"));
        n++;
    }
    fclose(f);
    ck_assert_int_eq(n, 4);
    rig_close(&r);
    unlink(log);
    unlink(script);
}
END_TEST

/* Every bad command gets one error line; the machine is unharmed. */
START_TEST(bad_input_one_error_line)
{
    static const char *const bad[] = {
        "bogus", "vb 0x7c00", "vb", "lb (1 +", "lb 0x7c00 if", "lb 0x7c00 if 1 +",
        "pb 1:2", "watch q 0x600", "watch w 0x600 0", "watch w 0xffffffff 2", "iob 0x10000",
        "iob in 5 4", "intb 256", "intb 3 bx=1", "icb 0", "d 99", "bpe", "bpd x", "ignore 1",
        "s 0", "s 1 2", "n 1", "x /4z 0", "x /4bx", "x 0 1", "xp /1wx 0xfffffffe 1",
        "x /1wx 0xa0000", "xp /1bx 0xb8000", "set foo = 1", "set eax", "set cs = 0x10000",
        "set icount = 1", "set cr0 = 0x80000000", "setpmem 0 3 1", "setpmem 0xffffffff 4 1",
        "page", "page (", "u /0", "u 0 0", "bt x", "info", "info bogus", "info gdt 9999",
        "info tss 1", "info device bogus", "modebp maybe", "trace on /nonexistent/dir/file",
        "trace", "ldsym", "ldsym /nonexistent", "source /nonexistent", "? 1/0", "? 1 +",
        "? [0xa0000]", "? nosuchsymbol", "? 0x1ffffffffffffffffff", "? 'ab'", "help bogus",
        "condition 5 1", "x /99999999bx 0",
    };
    struct dbgrig r;
    rig_open(&r);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *out = rig_cmd(&r, bad[i]);
        ck_assert_msg(r.rc == DBG_ERROR, "'%s' did not fail: %s", bad[i], out);
        ck_assert_msg(strncmp(out, "error: ", 7) == 0 && rig_count_lines(out, "") == 1,
                      "'%s' printed:\n%s", bad[i], out);
    }
    char huge[4000];
    memset(huge, 'x', sizeof huge - 1);
    huge[sizeof huge - 1] = 0;
    ck_assert_int_eq(debugger_exec(r.d, huge), DBG_ERROR);
    ck_assert_uint_eq(r.m->cpu->icount, 0);    /* nothing ran */
    boot_to_7c00(&r);                          /* and everything still works */
    run_to_end(&r);
    RIG_EXPECT(&r, "c", "error: the guest has ended the run");
    RIG_EXPECT(&r, "help", "vb SEG:OFF [if EXPR]");
    RIG_EXPECT(&r, "help x", "x /NUF ADDR\n    examine linear memory");
    RIG_EXPECT(&r, "info device", "0x0020-0x0021  pic-master");
    RIG_OK(&r, "info pit");
    RIG_EXPECT(&r, "info vga", "Display: text");
    RIG_OK(&r, "info device com1");
    rig_cmd(&r, "q");
    ck_assert_int_eq(r.rc, DBG_QUIT);
    rig_close(&r);
}
END_TEST

static Suite *debugger_suite(void)
{
    Suite *s = suite_create("debugger");
    TCase *tc = tcase_create("sessions");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, break_at_7c00_and_step);
    tcase_add_test(tc, watch_io_and_interrupt_breakpoints);
    tcase_add_test(tc, protected_mode_tables_and_paging);
    tcase_add_test(tc, symbols_backtrace_next_finish);
    tcase_add_test(tc, expressions_and_set);
    tcase_add_test(tc, conditions_ignore_and_enable);
    tcase_add_test(tc, debugger_changes_nothing);
    tcase_add_test(tc, trace_and_source);
    tcase_add_test(tc, bad_input_one_error_line);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(debugger_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
