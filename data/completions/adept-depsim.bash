# bash completion for adept-depsim                               -*- shell-script -*-
#
# The verbs and their sub-words come from "adept-depsim --help" ("Verbs drive a running
# simulator: token, devices add, terms require|accept, …"), the options from the --help of
# the program and of a verb, so a new verb completes without a change here.

_adept_depsim_ask()
{
    LANGUAGE= LC_ALL=C.UTF-8 "$@" 2>&1
}

_adept_depsim()
{
    local cur prev words cword split
    _init_completion -s || return

    local program=${words[0]} help verbs
    help=$(_adept_depsim_ask "$program" --help) || return
    # One verb a line: "token", "devices add", "terms require|accept"…
    verbs=$(tr '\n' ' ' <<<"$help" |
        sed -nE 's/.*Verbs drive a running simulator: *(.*)\. +Run .*/\1/p' |
        sed -E 's/, */\n/g')

    local verb=${words[1]-} i
    if ((cword > 1)) && [[ $verb != -* ]]; then
        if ! grep -qE "^$verb( |$)" <<<"$verbs"; then
            return
        fi
        # The verb's sub-words ("terms require|accept", "clock advance").
        if ((cword == 2)) && [[ $cur != -* ]]; then
            local subwords
            subwords=$(awk -v verb="$verb" '$1 == verb && NF > 1 { print $2 }' <<<"$verbs")
            COMPREPLY=($(compgen -W "${subwords//|/ }" -- "$cur"))
            return
        fi
        help=$(_adept_depsim_ask "$program" "$verb" --help)
    fi

    local options line
    options=$(grep -oE '^ +(-[A-Za-z], )?--[a-z0-9-]+(=[^ ]+)?' <<<"$help" | sed -E 's/^ +//')
    if [[ $prev == -* ]]; then
        line=$(grep -E -- "(^|, )$prev(=|,|$)" <<<"$options" | head -n 1)
        if [[ $line == *=* ]]; then
            local values
            # "--kind=KIND  status, delay, drop or garbage (fault)": the values it lists.
            values=$(grep -E -- "^ +(-[A-Za-z], )?$(grep -oE -- '--[a-z0-9-]+' <<<"$line")=" <<<"$help" |
                head -n 1 | grep -oE '([a-z]+( \([^)]*\))?, )+[a-z]+( \([^)]*\))? or [a-z]+' |
                head -n 1 | sed -E 's/ \([^)]*\)//g; s/,? or /, /; s/, / /g')
            case ${line#*=} in
                *.pem) _filedir pem ;;
                FILE) _filedir json ;;
                *) [[ -n $values ]] && COMPREPLY=($(compgen -W "$values" -- "$cur")) ;;
            esac
            return
        fi
    fi

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(grep -oE -- '--[a-z0-9-]+' <<<"$options" | sort -u)" -- "$cur"))
    elif ((cword == 1)); then
        COMPREPLY=($(compgen -W "$(cut -d ' ' -f 1 <<<"$verbs")" -- "$cur"))
    fi
} &&
    complete -F _adept_depsim adept-depsim

# ex: filetype=sh
