/* frontend-sdl/input.c: the window's input: host keys to the PS/2
 * keyboard (by position, see keymap.c), the mouse with grab and release,
 * and the Ctrl+Alt hotkeys.  See docs/frontend.md. */
#include "frontend-sdl/frontend_internal.h"

#include <string.h>
#include <unistd.h>

#include "devices/disk_image.h"
#include "devices/kbc.h"
#include "devices/ps2kbd.h"
#include "devices/ps2mouse.h"
#include "frontend-sdl/keymap.h"
#include "machine/machine.h"

static void guest_key(struct frontend *f, enum pc_key k, bool down)
{
    if (k == PC_KEY_NONE || f->guest_down[k] == down)
        return;
    f->guest_down[k] = down;
    kbc_key_event(f->m->kbc, k, down);
}

/* Let go of every key and button the guest holds (focus lost, pause). */
static void release_all(struct frontend *f)
{
    for (int k = 0; k < PC_KEY_COUNT; k++)
        guest_key(f, (enum pc_key)k, false);
    if (f->buttons != 0) {
        f->buttons = 0;
        kbc_mouse_event(f->m->kbc, 0, 0, 0, 0);
    }
}

static void set_grab(struct frontend *f, bool on)
{
    if (f->grabbed == on)
        return;
    f->grabbed = on;
    SDL_SetWindowGrab(f->win, on ? SDL_TRUE : SDL_FALSE);
    SDL_SetRelativeMouseMode(on ? SDL_TRUE : SDL_FALSE);
    if (!on && f->buttons != 0) {
        f->buttons = 0;
        kbc_mouse_event(f->m->kbc, 0, 0, 0, 0);
    }
    f->next_status = 0;
}

static void set_paused(struct frontend *f, bool on)
{
    if (on == f->paused)
        return;
    f->paused = on;
    if (on)
        release_all(f);
    else
        pace_reset(&f->pace, frontend_host_ns(), frontend_guest_ticks(f), MAX_LAG_NS);
    f->next_status = 0;
}

static bool pressed_ctrl(const bool *down)
{
    return down[PC_KEY_LEFT_CTRL] || down[PC_KEY_RIGHT_CTRL];
}

static bool pressed_alt(const bool *down)
{
    return down[PC_KEY_LEFT_ALT] || down[PC_KEY_RIGHT_ALT];
}

static void screenshot(struct frontend *f)
{
    char path[sizeof f->last_shot];
    do {
        snprintf(path, sizeof path, "vireo-%04u.png", ++f->shot_seq);
    } while (access(path, F_OK) == 0 && f->shot_seq < 9999);
    struct emu_err err = { 0 };
    if (vga_screenshot(f->m->vga, path, &err) != 0) {
        frontend_say(f, "screenshot failed: %s", err.msg);
        return;
    }
    snprintf(f->last_shot, sizeof f->last_shot, "%s", path);
    frontend_say(f, "saved %s", path);
}

void frontend_do_break(struct frontend *f, const char *why)
{
    if (f->on_break == NULL) {
        if (strcmp(why, "hotkey") == 0) {
            set_paused(f, true);
            frontend_say(f, "paused: no debugger is attached (Ctrl+Alt+P resumes)");
        }
        return;
    }
    release_all(f);
    enum frontend_break_action a = f->on_break(f->break_opaque, f->m, why);
    if (a == FRONTEND_QUIT) {
        f->done = true;
        f->exit_status = EXIT_OK;
    } else if (a == FRONTEND_PAUSE) {
        set_paused(f, true);
    }
    pace_reset(&f->pace, frontend_host_ns(), frontend_guest_ticks(f), MAX_LAG_NS);
    f->need_redraw = REDRAW_FRAMES;
}

/* ---- The hotkeys ---- */

static void hk_release(struct frontend *f)
{
    set_grab(f, false);
}

static void hk_fullscreen(struct frontend *f)
{
    f->fullscreen = !f->fullscreen;
    SDL_SetWindowFullscreen(f->win, f->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
    f->need_redraw = REDRAW_FRAMES;
}

static void hk_pause(struct frontend *f)
{
    set_paused(f, !f->paused);
}

static void hk_reset(struct frontend *f)
{
    machine_reset(f->m, true);
    frontend_say(f, "reset");
}

static void hk_next_floppy(struct frontend *f)
{
    struct emu_err err = { 0 };
    if (machine_next_floppy(f->m, &err) != 0)
        frontend_say(f, "no next floppy: %s", err.msg);
    else
        frontend_say(f, "A: %s", disk_path(f->m->floppy[f->m->floppy_current]));
}

static void hk_break(struct frontend *f)
{
    frontend_do_break(f, "hotkey");
}

static void hk_turbo(struct frontend *f)
{
    f->turbo = !f->turbo;
    ps2kbd_set_host_repeat(kbc_keyboard(f->m->kbc), f->turbo);
    pace_reset(&f->pace, frontend_host_ns(), frontend_guest_ticks(f), MAX_LAG_NS);
    frontend_say(f, "%s", f->turbo ? "turbo: running flat out" : "real time");
}

static void hk_scaling(struct frontend *f)
{
    f->scaling = f->scaling == DISPLAY_INTEGER ? DISPLAY_FILL : DISPLAY_INTEGER;
    f->need_redraw = REDRAW_FRAMES;
    frontend_say(f, "%s", f->scaling == DISPLAY_INTEGER ? "integer scaling" : "exact-aspect fill");
}

static void hk_ctrl_alt_del(struct frontend *f)
{
    if (f->paused)
        return;
    guest_key(f, PC_KEY_LEFT_CTRL, true);       /* usually down already */
    guest_key(f, PC_KEY_LEFT_ALT, true);
    guest_key(f, PC_KEY_DELETE, true);
    guest_key(f, PC_KEY_DELETE, false);
}

static void hk_quit(struct frontend *f)
{
    f->done = true;
    f->exit_status = EXIT_OK;
}

/* Ctrl+Alt and a key (by its symbol on the host layout).  Legend: key
 * symbol, action, key name as printed, what it does (--help prints this). */
static const struct hotkey {
    SDL_Keycode sym;
    void (*run)(struct frontend *f);
    const char *key, *what;
} hotkeys[] = {
    { SDLK_g, hk_release, "G", "release the mouse (so does Ctrl+Alt pressed alone)" },
    { SDLK_f, hk_fullscreen, "F", "toggle fullscreen" },
    { SDLK_RETURN, hk_fullscreen, "Enter", "toggle fullscreen" },
    { SDLK_s, screenshot, "S", "save a screenshot as vireo-NNNN.png (current directory)" },
    { SDLK_p, hk_pause, "P", "pause or resume the guest" },
    { SDLK_r, hk_reset, "R", "reset the machine (power cycle)" },
    { SDLK_n, hk_next_floppy, "N", "insert the next --fda image in drive A:" },
    { SDLK_b, hk_break, "B", "break into the debugger (--debug, --gdb); without one, pause" },
    { SDLK_t, hk_turbo, "T", "toggle turbo (run flat out) and real time" },
    { SDLK_a, hk_scaling, "A", "toggle integer scaling and exact-aspect fill" },
    { SDLK_END, hk_ctrl_alt_del, "End", "send Ctrl+Alt+Del to the guest" },
    { SDLK_q, hk_quit, "Q", "quit (disks are flushed)" },
};

static const struct hotkey *hotkey_for(SDL_Keycode sym)
{
    for (size_t i = 0; i < sizeof hotkeys / sizeof hotkeys[0]; i++)
        if (hotkeys[i].sym == sym)
            return &hotkeys[i];
    return NULL;
}

/* ---- Keys and the mouse ---- */

static void on_key(struct frontend *f, const SDL_KeyboardEvent *ev)
{
    SDL_Scancode sc = ev->keysym.scancode;
    if ((unsigned)sc >= SDL_NUM_SCANCODES)
        return;
    enum pc_key k = keymap_from_sdl((int)sc);
    if (ev->repeat) {
        /* In real time the PS/2 keyboard repeats by itself, in guest
         * time; in turbo the host's auto-repeat stands in for it. */
        if (f->turbo && k != PC_KEY_NONE && f->guest_down[k] && !f->paused)
            ps2kbd_key_repeat(kbc_keyboard(f->m->kbc), k);
        return;
    }
    bool down = ev->type == SDL_KEYDOWN;
    bool is_mod = k == PC_KEY_LEFT_CTRL || k == PC_KEY_RIGHT_CTRL || k == PC_KEY_LEFT_ALT ||
                  k == PC_KEY_RIGHT_ALT;
    if (!down) {
        if (k != PC_KEY_NONE)
            f->host_down[k] = false;
        if (f->swallowed[sc]) {
            f->swallowed[sc] = false;
            return;
        }
        if (is_mod && f->chord_alone && f->grabbed)
            set_grab(f, false);         /* Ctrl+Alt pressed and released alone */
        if (is_mod)
            f->chord_alone = false;
        guest_key(f, k, false);
        return;
    }
    if (pressed_ctrl(f->host_down) && pressed_alt(f->host_down)) {
        const struct hotkey *h = hotkey_for(ev->keysym.sym);
        if (h != NULL) {
            f->swallowed[sc] = true;
            f->chord_alone = false;
            h->run(f);
            return;
        }
    }
    if (k != PC_KEY_NONE)
        f->host_down[k] = true;
    f->chord_alone = is_mod && pressed_ctrl(f->host_down) && pressed_alt(f->host_down);
    if (!f->paused)
        guest_key(f, k, true);
}

static unsigned mouse_bit(Uint8 button)
{
    switch (button) {
    case SDL_BUTTON_LEFT: return PS2MOUSE_LEFT;
    case SDL_BUTTON_RIGHT: return PS2MOUSE_RIGHT;
    case SDL_BUTTON_MIDDLE: return PS2MOUSE_MIDDLE;
    default: return 0;
    }
}

void frontend_on_event(struct frontend *f, const SDL_Event *ev)
{
    switch (ev->type) {
    case SDL_QUIT:
        f->done = true;
        f->exit_status = EXIT_OK;
        break;
    case SDL_WINDOWEVENT:
        if (ev->window.event == SDL_WINDOWEVENT_FOCUS_LOST) {
            set_grab(f, false);
            release_all(f);
            memset(f->host_down, 0, sizeof f->host_down);
            f->chord_alone = false;
        }
        f->need_redraw = REDRAW_FRAMES;
        break;
    case SDL_KEYDOWN:
    case SDL_KEYUP:
        on_key(f, &ev->key);
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (!f->grabbed) {
            if (ev->button.button == SDL_BUTTON_LEFT && !f->paused)
                set_grab(f, true);      /* this click only grabs */
            break;
        }
        if (f->paused)
            break;
        f->buttons |= mouse_bit(ev->button.button);
        kbc_mouse_event(f->m->kbc, 0, 0, 0, f->buttons);
        break;
    case SDL_MOUSEBUTTONUP:
        if (f->grabbed && (f->buttons & mouse_bit(ev->button.button))) {
            f->buttons &= ~mouse_bit(ev->button.button);
            kbc_mouse_event(f->m->kbc, 0, 0, 0, f->buttons);
        }
        break;
    case SDL_MOUSEMOTION:
        if (f->grabbed && !f->paused)
            kbc_mouse_event(f->m->kbc, ev->motion.xrel, ev->motion.yrel, 0, f->buttons);
        break;
    case SDL_MOUSEWHEEL:
        if (f->grabbed && !f->paused) {
            int y = ev->wheel.direction == SDL_MOUSEWHEEL_FLIPPED ? -ev->wheel.y : ev->wheel.y;
            kbc_mouse_event(f->m->kbc, 0, 0, -y, f->buttons);   /* PS/2: positive is towards the user */
        }
        break;
    default:
        break;
    }
}

void frontend_print_hotkeys(FILE *out)
{
    fprintf(out, "\nWindow hotkeys (Ctrl+Alt and a key; a click in the window grabs the mouse):\n");
    for (size_t i = 0; i < sizeof hotkeys / sizeof hotkeys[0]; i++) {
        char k[32];
        snprintf(k, sizeof k, "Ctrl+Alt+%s", hotkeys[i].key);
        fprintf(out, "  %-28s %s\n", k, hotkeys[i].what);
    }
}
