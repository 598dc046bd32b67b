# bash completion for adeptctl                                   -*- shell-script -*-
#
# The verbs come from "adeptctl --list-verbs", each verb's options, sub-words (get|set) and
# arguments from its own "--help", so a new verb completes without a change here. Every
# verb answers --help before it does anything, which is what makes asking it safe.

# Runs adeptctl for its English texts, whatever the shell's language; errors stay quiet.
_adeptctl_ask()
{
    LANGUAGE= LC_ALL=C.UTF-8 "$@" 2>&1
}

# The linked servers' names, from "adeptctl server list"; nothing when it fails.
_adeptctl_servers()
{
    _adeptctl_ask "$@" --json server list |
        sed -nE 's/^ *"server" *: *"([a-z0-9._-]+)".*/\1/p'
}

# Values an option's description lists ("…: empty, assigned, pushed or removed").
_adeptctl_values()
{
    grep -E -- "^ +(-[A-Za-z], )?$1[= ]" | head -n 1 |
        grep -oE '([a-z]+( \([^)]*\))?, )+[a-z]+( \([^)]*\))? or [a-z]+' | head -n 1 |
        sed -E 's/ \([^)]*\)//g; s/,? or /, /; s/, / /g'
}

# Completes an argument by its name in --help: KEY.pem, FILE.json, TOKEN.p7m, FILE…
_adeptctl_argument()
{
    local name=$1 verb=$2
    case $name in
        *.pem) _filedir pem ;;
        *.json) _filedir json ;;
        *.p7m) _filedir p7m ;;
        FILE*)
            # Server tokens are the files of the token verbs.
            if [[ $verb == token\ * ]]; then
                _filedir p7m
            else
                _filedir
            fi
            ;;
    esac
}

_adeptctl()
{
    local cur prev words cword split
    _init_completion -s || return

    local program=${words[0]} demo=() i=1
    # Global options come before the verb.
    while ((i < cword)); do
        case ${words[i]} in
            --server | --base-url) ((i += 2)) ;;
            --demo) demo=(--demo) && ((i++)) ;;
            -*) ((i++)) ;;
            *) break ;;
        esac
    done

    case $prev in
        --server)
            COMPREPLY=($(compgen -W "$(_adeptctl_servers "$program" "${demo[@]}")" -- "$cur"))
            return
            ;;
        --base-url | --url) return ;;
    esac

    local verbs
    verbs=$(_adeptctl_ask "$program" --list-verbs) || return
    if ((i >= cword)); then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W '--server --base-url --json --demo --help --version' -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$(cut -d ' ' -f 1 <<<"$verbs" | sort -u)" -- "$cur"))
        fi
        return
    fi

    # The verb: a group and its second word ("key generate"), or one word ("sync").
    local verb seconds
    seconds=$(awk -v group="${words[i]}" '$1 == group && NF == 2 { print $2 }' <<<"$verbs")
    if [[ -n $seconds ]]; then
        if ((cword == i + 1)); then
            COMPREPLY=($(compgen -W "$seconds" -- "$cur"))
            return
        fi
        verb="${words[i]} ${words[i + 1]}"
        ((i += 2))
    elif grep -qxF -- "${words[i]}" <<<"$verbs"; then
        verb=${words[i]}
        ((i++))
    else
        return
    fi

    local help subwords
    help=$(_adeptctl_ask "$program" $verb --help)
    # A verb with sub-words answers "… adeptctl nanodep config get|set …" instead.
    subwords=$(grep -oE "adeptctl $verb [a-z-]+(\|[a-z-]+)+" <<<"$help" | head -n 1)
    if [[ -n $subwords ]]; then
        if ((cword == i)); then
            subwords=${subwords##* }
            COMPREPLY=($(compgen -W "${subwords//|/ }" -- "$cur"))
            return
        fi
        verb="$verb ${words[i]}"
        ((i++))
        help=$(_adeptctl_ask "$program" $verb --help)
    fi

    # "  --from=FILE   Serial numbers…" and "  -o, --out=FILE  …": options and their arguments.
    local options
    options=$(grep -oE '^ +(-[A-Za-z], )?--[a-z0-9-]+(=[^ ]+)?' <<<"$help" | sed -E 's/^ +//')

    if [[ $prev == -* ]]; then
        local line
        line=$(grep -E -- "(^|, )$prev(=|,|$)" <<<"$options" | head -n 1)
        if [[ $line == *=* ]]; then
            local values
            values=$(_adeptctl_values "$(grep -oE -- '--[a-z0-9-]+' <<<"$line")" <<<"$help")
            if [[ -n $values ]]; then
                COMPREPLY=($(compgen -W "$values" -- "$cur"))
            else
                _adeptctl_argument "${line#*=}" "$verb"
            fi
            return
        fi
    fi

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(grep -oE -- '--[a-z0-9-]+' <<<"$options" | sort -u)" -- "$cur"))
        return
    fi

    # Positional arguments: the usage line's words after the verb, without the bracketed
    # options ("KEY.pem CERT.pem", "UUID SERIAL…|--from FILE"); one ending in "…" repeats.
    local usage=() positional=() j n=0
    read -ra usage <<<"$(grep -m 1 -E "^ +adeptctl $verb( |$)" <<<"$help" |
        sed -E "s/^ +adeptctl $verb//; s/\[[^]]*\]//g")"
    for ((j = 0; j < ${#usage[@]}; j++)); do
        case ${usage[j]} in
            -*) [[ ${usage[j + 1]-} == [A-Z]* ]] && ((j++)) ;;
            *\|-*)
                positional+=("${usage[j]%%|*}")
                [[ ${usage[j + 1]-} == [A-Z]* ]] && ((j++))
                ;;
            *) positional+=("${usage[j]}") ;;
        esac
    done
    for ((j = i; j < cword; j++)); do
        if [[ ${words[j]} == -* ]]; then
            # An option's argument is not positional.
            grep -qE -- "(^|, )${words[j]}(, --[a-z0-9-]+)?=" <<<"$options" && ((j++))
            continue
        fi
        ((n++))
    done
    ((${#positional[@]})) || return
    if ((n >= ${#positional[@]})); then
        [[ ${positional[-1]} == *… ]] || return
        n=$((${#positional[@]} - 1))
    fi
    _adeptctl_argument "${positional[n]%…}" "$verb"
} &&
    complete -F _adeptctl adeptctl

# ex: filetype=sh
